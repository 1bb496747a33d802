import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { LogMetrics } from './log-metrics';
import { runbookAlarm } from './runbook';

/**
 * Metrics counted from the webhook's JSON log lines (functions/webhook/handler.ts writes one per request with
 * `outcome` and `status`; functions/shared/logger.ts fixes the keys). Names are the CloudWatch metric names.
 */
export const WEBHOOK_LOG_METRICS = {
  WebhookAccepted: '{ $.outcome = "accepted" }',
  WebhookRejected: '{ $.outcome = "rejected" }',
  WebhookFailed: '{ $.outcome = "failed" }',
  WebhookUnauthorized: '{ $.outcome = "rejected" && $.status = 401 }',
  WebhookUnavailable: '{ $.outcome = "failed" && $.status = 503 }',
} as const;

/** Props of the webhook's log metrics and alarms. */
export interface WebhookAlarmsProps {
  /** `<project>-<env>`: alarm names start with it. */
  readonly namePrefix: string;
  /** CloudWatch namespace of the environment's own metrics. */
  readonly namespace: string;
  /** The webhook function's log group. */
  readonly logGroupName: string;
  /** ARN of the environment's alarm topic. */
  readonly topicArn: string;
}

/** Counts the webhook's outcomes from its logs and alarms on 503 answers and on 401s far above their usual rate. */
export class WebhookAlarms extends Construct {
  /** The 503 and 401 alarms, for the dashboard's status widget. */
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: WebhookAlarmsProps) {
    super(scope, id);
    const { namespace, namePrefix, topicArn } = props;
    new LogMetrics(this, 'metrics', {
      namePrefix: `${namePrefix}-webhook`,
      namespace,
      logGroupName: props.logGroupName,
      metrics: WEBHOOK_LOG_METRICS,
    });

    const unavailable = runbookAlarm(this, 'unavailable', {
      kind: 'webhookUnavailable',
      subject: `${namePrefix}-webhook`,
      topicArn,
      alarmName: `${namePrefix}-webhook-unavailable`,
      namespace,
      metricName: 'WebhookUnavailable',
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
    });
    // "Well above normal": an anomaly detection band learnt from the 401 count itself, so a busy sender's usual
    // share of rejected retries does not page anyone; 15 minutes above the band are needed, so a short probe does not.
    const unauthorized = runbookAlarm(this, 'unauthorized', {
      kind: 'webhookUnauthorizedSpike',
      subject: `${namePrefix}-webhook`,
      topicArn,
      alarmName: `${namePrefix}-webhook-unauthorized-spike`,
      comparisonOperator: 'GreaterThanUpperThreshold',
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      thresholdMetricId: 'band',
      metricQuery: [
        {
          id: 'unauthorized',
          returnData: true,
          metric: { namespace, metricName: 'WebhookUnauthorized', stat: 'Sum', period: 300 },
        },
        {
          id: 'band',
          expression: 'ANOMALY_DETECTION_BAND(unauthorized, 3)',
          label: '401 answers, expected range',
          returnData: true,
        },
      ],
    });
    this.alarms = [unavailable, unauthorized];
  }
}
