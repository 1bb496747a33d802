import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { Construct } from 'constructs';

/** Props of a set of metric filters on one log group. */
export interface LogMetricsProps {
  /** Prefix of the filter names, unique per log group, e.g. the function name. */
  readonly namePrefix: string;
  /** CloudWatch namespace the counts go to. */
  readonly namespace: string;
  /** Log group whose lines are counted. */
  readonly logGroupName: string;
  /** Metric name -> CloudWatch Logs filter pattern; each matching line counts 1. */
  readonly metrics: Readonly<Record<string, string>>;
}

/** Counts structured JSON log lines (functions/shared/logger.ts keys) as CloudWatch metrics. */
export class LogMetrics extends Construct {
  constructor(scope: Construct, id: string, props: LogMetricsProps) {
    super(scope, id);
    for (const [metricName, pattern] of Object.entries(props.metrics)) {
      new CloudwatchLogMetricFilter(this, metricName, {
        name: `${props.namePrefix}-${metricName}`,
        logGroupName: props.logGroupName,
        pattern,
        metricTransformation: { name: metricName, namespace: props.namespace, value: '1', unit: 'Count' },
      });
    }
  }
}

/** The API's outcomes: functions/api/handler.ts logs one line per request with `outcome` and `status`. */
export const API_LOG_METRICS = {
  ApiAccepted: '{ $.outcome = "accepted" }',
  ApiRejected: '{ $.outcome = "rejected" }',
  ApiFailed: '{ $.outcome = "failed" }',
} as const;

/** Rotation outcomes: functions/shared/rotation/create-rotation-handler.ts logs every step with `step` and `outcome`. */
export const ROTATION_LOG_METRICS = {
  RotationFinished: '{ $.step = "finishSecret" && $.message = "rotation step finished" }',
  RotationStepFailed: '{ $.outcome = "failed" }',
} as const;
