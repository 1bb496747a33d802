import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueueEncrypted } from '../../../../stacks/guardrails/rules/SqsQueueEncrypted';
import { checkRule, KEY_ARN, nonCompliantWith, outcomeOf } from '../fixture';

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
});
