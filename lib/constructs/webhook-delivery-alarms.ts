import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { runbookAlarm } from './runbook';

/** Seconds the oldest queued delivery may wait before the backlog alarm fires. */
export const DELIVERY_BACKLOG_SECONDS = 15 * 60;

/** Props of the webhook delivery queue's alarms. */
export interface WebhookDeliveryAlarmsProps {
  /** `<project>-<env>`: alarm names start with it. */
  readonly namePrefix: string;
  /** Name of the deliveries queue. */
  readonly queueName: string;
  /** Name of the deliveries dead-letter queue. */
  readonly deadLetterQueueName: string;
  /** ARN of the environment's alarm topic. */
  readonly topicArn: string;
}

/**
 * The deliveries queue's backlog (age of the oldest message) and its dead-letter queue's depth. The consumer's own
 * Errors, Throttles and dead-letter alarms come with every function (FunctionAlarms).
 */
export class WebhookDeliveryAlarms extends Construct {
  /** The backlog and dead-letter alarms, for the dashboard's status widget. */
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: WebhookDeliveryAlarmsProps) {
    super(scope, id);
    const { namePrefix, topicArn } = props;
    const queueMetric = (metricName: string, queueName: string) => ({
      namespace: 'AWS/SQS',
      metricName,
      dimensions: { QueueName: queueName },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
    });
    const backlog = runbookAlarm(this, 'backlog', {
      kind: 'webhookQueueBacklog',
      subject: props.queueName,
      topicArn,
      alarmName: `${namePrefix}-webhook-deliveries-waiting`,
      ...queueMetric('ApproximateAgeOfOldestMessage', props.queueName),
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: DELIVERY_BACKLOG_SECONDS,
    });
    const deadLetters = runbookAlarm(this, 'dead-letters', {
      kind: 'webhookDeadLetters',
      subject: props.deadLetterQueueName,
      topicArn,
      alarmName: `${namePrefix}-webhook-deliveries-dead-lettered`,
      ...queueMetric('ApproximateNumberOfMessagesVisible', props.deadLetterQueueName),
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
    });
    this.alarms = [backlog, deadLetters];
  }
}
