import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Construct } from 'constructs';
import { API_LOG_METRICS, ROTATION_LOG_METRICS } from './log-metrics';
import { WEBHOOK_LOG_METRICS } from './webhook-alarms';

/** Props of an environment's dashboard. */
export interface OperationsDashboardProps {
  /** `<project>-<env>`: the dashboard's name. */
  readonly namePrefix: string;
  readonly region: string;
  /** Namespace of the environment's log metrics. */
  readonly namespace: string;
  /** Function names (references) whose Lambda metrics the graphs show. */
  readonly webhookFunctionName: string;
  readonly apiFunctionName: string;
  /** Name of the EventBridge rule on failed rotations. */
  readonly rotationFailureRuleName: string;
  /** ARNs of every alarm of the environment, for the status widget. */
  readonly alarmArns: readonly string[];
}

type MetricLine = readonly (string | Readonly<Record<string, string | number>>)[];

/** A graph widget, `width` of 24 columns. */
function graph(title: string, region: string, metrics: readonly MetricLine[], width = 12): Record<string, unknown> {
  return {
    type: 'metric',
    width,
    height: 6,
    properties: { title, region, metrics, view: 'timeSeries', stacked: false, period: 300 },
  };
}

/**
 * One CloudWatch dashboard per environment: alarm states, the webhook's accepted/rejected/failed counts, the API's
 * latency and errors, and secret rotation outcomes.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { region, namespace } = props;
    const sum = (label: string) => ({ stat: 'Sum', label });
    const own = (metrics: Readonly<Record<string, string>>): MetricLine[] =>
      Object.keys(metrics).map((name) => [namespace, name, sum(name)]);
    const lambda = (metric: string, functionName: string, options: Record<string, string>): MetricLine => [
      'AWS/Lambda',
      metric,
      'FunctionName',
      functionName,
      options,
    ];
    const widgets = [
      {
        type: 'alarm',
        width: 24,
        height: 4,
        properties: { title: 'Alarms (docs/alarms-runbook.md)', alarms: props.alarmArns },
      },
      graph('Webhook requests by outcome', region, own(WEBHOOK_LOG_METRICS)),
      graph('Webhook function', region, [
        lambda('Invocations', props.webhookFunctionName, sum('invocations')),
        lambda('Errors', props.webhookFunctionName, sum('errors')),
        lambda('Throttles', props.webhookFunctionName, sum('throttles')),
      ]),
      graph('API latency (ms)', region, [
        lambda('Duration', props.apiFunctionName, { stat: 'p50', label: 'p50' }),
        lambda('Duration', props.apiFunctionName, { stat: 'p90', label: 'p90' }),
        lambda('Duration', props.apiFunctionName, { stat: 'p99', label: 'p99' }),
      ]),
      graph('API requests and errors', region, [
        ...own(API_LOG_METRICS),
        lambda('Errors', props.apiFunctionName, sum('function errors')),
        lambda('Throttles', props.apiFunctionName, sum('throttles')),
      ]),
      graph(
        'Secret rotations',
        region,
        [
          ...own(ROTATION_LOG_METRICS),
          ['AWS/Events', 'TriggeredRules', 'RuleName', props.rotationFailureRuleName, sum('failed or abandoned')],
        ],
        24,
      ),
    ];
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.namePrefix,
      dashboardBody: JSON.stringify({ widgets }),
    });
  }
}
