import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { MonitoredFunction } from '../monitored-function';
import { runbookAlarm } from './runbook';

/** Props of one function's alarms. */
export interface FunctionAlarmsProps {
  /** The function (and its dead-letter queue) to watch. */
  readonly fn: MonitoredFunction;
  /** ARN of the environment's alarm topic. */
  readonly topicArn: string;
}

/** Seconds per evaluation period of the function alarms. */
const PERIOD = 300;

/** A function's Errors and Throttles alarms and its dead-letter queue's backlog alarm, all on the alarm topic. */
export class FunctionAlarms extends Construct {
  /** Errors, Throttles and dead-letter alarms, for the dashboard's status widget. */
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    const { fn, topicArn } = props;
    const lambdaMetric = (metricName: string) => ({
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: { FunctionName: fn.functionName },
      statistic: 'Sum',
      period: PERIOD,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
    });
    const errors = runbookAlarm(this, 'errors', {
      kind: 'functionErrors',
      subject: fn.name,
      topicArn,
      alarmName: `${fn.name}-errors`,
      ...lambdaMetric('Errors'),
    });
    const throttles = runbookAlarm(this, 'throttles', {
      kind: 'functionThrottles',
      subject: fn.name,
      topicArn,
      alarmName: `${fn.name}-throttles`,
      ...lambdaMetric('Throttles'),
    });
    const deadLetters = runbookAlarm(this, 'dlq', {
      kind: 'deadLetterMessages',
      subject: `${fn.name}-dlq`,
      topicArn,
      alarmName: `${fn.name}-dlq-not-empty`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: fn.deadLetterQueueName },
      statistic: 'Maximum',
      period: PERIOD,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
    });
    this.alarms = [errors, throttles, deadLetters];
  }
}
