import { logGroupOf } from '../lambda-links';
import { compliant, defineRule, nonCompliant } from '../rule';

/** The app creates each function's log group, encrypted and with a retention, before Lambda creates a plain one. */
export const LambdaLogGroupManaged = defineRule({
  id: 'LambdaLogGroupManaged',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: "every function's logs go to a log group the app creates with KMS encryption and a retention",
  fix: 'create an EncryptedLogGroup and point loggingConfig.logGroup at it (BundledFunction does)',
  check(fn, context) {
    const group = logGroupOf(fn, context);
    if (!group) {
      return nonCompliant(
        'the app creates no log group for this function, so Lambda creates one without encryption that keeps logs forever',
        'create an EncryptedLogGroup (kmsKeyId, retentionInDays) and set loggingConfig: { logGroup: group.name, logFormat: "JSON" } on the LambdaFunction',
      );
    }
    const retention = group.value('retention_in_days');
    const missing = [
      group.isSet('kms_key_id') ? undefined : 'kmsKeyId',
      retention === undefined || retention === null || Number(retention) === 0 ? 'retentionInDays' : undefined,
    ].filter((name) => name !== undefined);
    if (missing.length === 0) return compliant;
    return nonCompliant(
      `its log group ${group.address} has no ${missing.join(' and no ')}`,
      `set ${missing.join(' and ')} on that CloudwatchLogGroup (EncryptedLogGroup sets both)`,
    );
  },
});
