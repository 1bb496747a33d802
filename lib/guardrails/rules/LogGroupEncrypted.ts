import { compliant, defineRule, nonCompliant } from '../rule';

/** Log groups are encrypted with the environment key (logs can carry identifiers and request metadata). */
export const LogGroupEncrypted = defineRule({
  id: 'LogGroupEncrypted',
  severity: 'error',
  resourceTypes: ['aws_cloudwatch_log_group'],
  enforces: 'log groups are encrypted with the environment customer-managed key',
  fix: 'set kmsKeyId: the environment key ARN on the CloudwatchLogGroup (EncryptedLogGroup does)',
  check(group) {
    const key = group.keyKind('kms_key_id');
    if (key === 'customer') return compliant;
    return nonCompliant(
      key === 'none'
        ? 'the log group has no kmsKeyId'
        : 'the log group names an AWS managed key, not the environment key',
      'create it with EncryptedLogGroup, or set kmsKeyId: props.security.keyArn on the CloudwatchLogGroup',
    );
  },
});
