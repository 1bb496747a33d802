import { compliant, defineRule, nonCompliant } from '../rule';

/** Log groups expire events after the environment's retention instead of keeping them forever. */
export const LogGroupRetention = defineRule({
  id: 'LogGroupRetention',
  severity: 'error',
  resourceTypes: ['aws_cloudwatch_log_group'],
  enforces: 'log groups keep events for a set retention, never forever',
  fix: 'set retentionInDays: environment.logRetentionDays on the CloudwatchLogGroup (EncryptedLogGroup does)',
  check(group) {
    // An unresolved retention could be 0, which keeps events forever.
    const days = group.value('retention_in_days');
    if (days !== undefined && days !== null && days !== '' && Number(days) !== 0) return compliant;
    return nonCompliant(
      'the log group has no retention, so it keeps events forever',
      'set retentionInDays: this.environment.logRetentionDays on the CloudwatchLogGroup',
    );
  },
});
