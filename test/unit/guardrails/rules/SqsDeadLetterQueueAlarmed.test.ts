import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { TerraformVariable } from 'cdktf';
import { SqsDeadLetterQueueAlarmed } from '../../../../lib/guardrails/rules/SqsDeadLetterQueueAlarmed';
import { ACCOUNT, checkRule, KEY_ARN, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:acme-dev-alarms`;

function backlogAlarm(stack: Parameters<Parameters<typeof checkRule>[1]>[0], queueName: string): void {
  new CloudwatchMetricAlarm(stack, 'backlog', {
    alarmName: 'acme-dev-fn-dlq-not-empty',
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: { QueueName: queueName },
    statistic: 'Maximum',
    period: 300,
    evaluationPeriods: 1,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 0,
    alarmActions: [TOPIC],
  });
}

describe('SqsDeadLetterQueueAlarmed', () => {
  it("accepts a function's dead-letter queue whose backlog an alarm watches", () => {
    const outcomes = checkRule(SqsDeadLetterQueueAlarmed, (stack) => {
      const dlq = new SqsQueue(stack, 'dlq', { name: 'acme-dev-fn-dlq', kmsMasterKeyId: KEY_ARN });
      compliantFunction(stack, 'fn', { deadLetterConfig: { targetArn: dlq.arn } });
      backlogAlarm(stack, dlq.name);
    });

    expect(outcomeOf(outcomes, 'aws_sqs_queue.dlq')).toEqual({ status: 'compliant' });
  });

  it('rejects a redrive target without an alarm and names the queue that sends to it', () => {
    const outcomes = checkRule(SqsDeadLetterQueueAlarmed, (stack) => {
      const dlq = new SqsQueue(stack, 'dlq', { name: 'acme-dev-work-dlq', kmsMasterKeyId: KEY_ARN });
      new SqsQueue(stack, 'work', {
        name: 'acme-dev-work',
        kmsMasterKeyId: KEY_ARN,
        redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
      });
    });

    expect(outcomeOf(outcomes, 'aws_sqs_queue.dlq')).toEqual(
      nonCompliantWith(/dead-letter target of aws_sqs_queue.work but no alarm/),
    );
    expect(outcomeOf(outcomes, 'aws_sqs_queue.work')).toEqual({ status: 'not-applicable' });
  });

  it('cannot decide when the alarm on the queue names its metric by a variable', () => {
    const outcomes = checkRule(SqsDeadLetterQueueAlarmed, (stack) => {
      const dlq = new SqsQueue(stack, 'dlq', { name: 'acme-dev-fn-dlq', kmsMasterKeyId: KEY_ARN });
      compliantFunction(stack, 'fn', { deadLetterConfig: { targetArn: dlq.arn } });
      const metric = new TerraformVariable(stack, 'metric', { type: 'string' });
      new CloudwatchMetricAlarm(stack, 'backlog', {
        alarmName: 'acme-dev-fn-dlq-not-empty',
        namespace: 'AWS/SQS',
        metricName: metric.stringValue,
        dimensions: { QueueName: dlq.name },
        statistic: 'Maximum',
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 0,
        alarmActions: [TOPIC],
      });
    });

    expect(outcomeOf(outcomes, 'aws_sqs_queue.dlq')).toEqual(
      unresolvedWith(/^aws_cloudwatch_metric_alarm\.backlog metric_name is "\$\{var\.metric\}"/),
    );
  });
});
