import { compliant, defineRule, nonCompliant } from '../rule';

/** Queues (dead-letter queues hold failed events, payloads included) are encrypted with the environment key. */
export const SqsQueueEncrypted = defineRule({
  id: 'SqsQueueEncrypted',
  severity: 'error',
  resourceTypes: ['aws_sqs_queue'],
  enforces: 'queues are encrypted with the environment customer-managed key',
  fix: 'set kmsMasterKeyId: the environment key ARN on the SqsQueue',
  check(queue) {
    const key = queue.keyKind('kms_master_key_id');
    if (key === 'customer') return compliant;
    return nonCompliant(
      key === 'aws-managed'
        ? 'the queue uses the AWS managed key alias/aws/sqs'
        : 'the queue has no kmsMasterKeyId (at most SQS-managed encryption, outside the environment key policy)',
      'set kmsMasterKeyId: props.security.keyArn on the SqsQueue (BundledFunction does for its dead-letter queue)',
    );
  },
});
