import { isAwsManagedKey, isSet } from '../attributes';
import { compliant, defineRule, nonCompliant } from '../rule';

/** Queues (dead-letter queues hold failed events, payloads included) are encrypted with the environment key. */
export const SqsQueueEncrypted = defineRule({
  id: 'SqsQueueEncrypted',
  severity: 'error',
  resourceTypes: ['aws_sqs_queue'],
  enforces: 'queues are encrypted with the environment customer-managed key',
  fix: 'set kmsMasterKeyId: the environment key ARN on the SqsQueue',
  check({ attributes }) {
    if (isSet(attributes.kms_master_key_id) && !isAwsManagedKey(attributes.kms_master_key_id)) return compliant;
    return nonCompliant(
      isSet(attributes.kms_master_key_id)
        ? `the queue uses the AWS managed key ${String(attributes.kms_master_key_id)}`
        : 'the queue has no kmsMasterKeyId (at most SQS-managed encryption, outside the environment key policy)',
      'set kmsMasterKeyId: props.security.keyArn on the SqsQueue (BundledFunction does for its dead-letter queue)',
    );
  },
});
