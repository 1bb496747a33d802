import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueueEncrypted } from '../../../../lib/guardrails/rules/SqsQueueEncrypted';
import { checkRule, KEY_ARN, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

describe('SqsQueueEncrypted', () => {
  it('accepts a queue on a customer key', () => {
    const outcomes = checkRule(SqsQueueEncrypted, (stack) => new SqsQueue(stack, 'dlq', { kmsMasterKeyId: KEY_ARN }));

    expect(outcomeOf(outcomes, 'aws_sqs_queue.dlq')).toEqual({ status: 'compliant' });
  });

  it('rejects a queue with only SQS-managed encryption', () => {
    const outcomes = checkRule(
      SqsQueueEncrypted,
      (stack) => new SqsQueue(stack, 'dlq', { sqsManagedSseEnabled: true }),
    );

    expect(outcomeOf(outcomes, 'aws_sqs_queue.dlq')).toEqual(nonCompliantWith(/no kmsMasterKeyId/));
  });

  it('cannot decide a key from a data source (it could be alias/aws/sqs)', () => {
    const outcomes = checkRule(SqsQueueEncrypted, (stack) => {
      const key = new DataAwsKmsKey(stack, 'shared', { keyId: 'alias/shared' });
      new SqsQueue(stack, 'dlq', { kmsMasterKeyId: key.arn });
    });

    expect(outcomeOf(outcomes, 'aws_sqs_queue.dlq')).toEqual(
      unresolvedWith(/^kms_master_key_id is "\$\{data\.aws_kms_key\.shared\.arn\}"/),
    );
  });
});
