import { isSet } from '../attributes';
import { compliant, defineRule, nonCompliant } from '../rule';

/** Log groups are encrypted with the environment key (logs can carry identifiers and request metadata). */
export const LogGroupEncrypted = defineRule({
  id: 'LogGroupEncrypted',
  severity: 'error',
  resourceTypes: ['aws_cloudwatch_log_group'],
  enforces: 'log groups are encrypted with the environment customer-managed key',
  fix: 'set kmsKeyId: the environment key ARN on the CloudwatchLogGroup (EncryptedLogGroup does)',
  check({ attributes }) {
    if (isSet(attributes.kms_key_id)) return compliant;
    return nonCompliant(
      'the log group has no kmsKeyId',
      'create it with EncryptedLogGroup, or set kmsKeyId: props.security.keyArn on the CloudwatchLogGroup',
    );
  },
});
