import type { Construct } from 'constructs';
import { AlarmTopic } from '../lib/constructs/alarm-topic';
import { CostBudget } from '../lib/constructs/cost-budget';
import { DatabaseAlarms } from '../lib/constructs/database-alarms';
import { FunctionAlarms } from '../lib/constructs/function-alarms';
import { API_LOG_METRICS, LogMetrics, ROTATION_LOG_METRICS } from '../lib/constructs/log-metrics';
import { OperationsDashboard } from '../lib/constructs/operations-dashboard';
import { RotationFailureAlert } from '../lib/constructs/rotation-failure-alert';
import { WebhookAlarms } from '../lib/constructs/webhook-alarms';
import { WebhookDeliveryAlarms } from '../lib/constructs/webhook-delivery-alarms';
import { EnvironmentStack, type EnvironmentStackProps, publishOutputs } from '../lib/environment-stack';
import type { MonitoredFunction } from '../lib/monitored-function';
import type { AppOutputs } from './app-stack';
import type { SecretsOutputs } from './secrets-stack';
import type { SecurityOutputs } from './security-stack';

/** Connections the rotation functions may hold at once (the master and the application login). */
const ROTATION_CONNECTIONS = 2;
/** Connections RDS keeps for itself (rdsadmin, monitoring). */
const RDS_INTERNAL_CONNECTIONS = 3;

/** Props of the monitoring stack. */
export interface MonitoringStackProps extends EnvironmentStackProps {
  readonly security: SecurityOutputs;
  readonly secrets: SecretsOutputs;
  readonly app: AppOutputs;
}

/** What the monitoring stack publishes. */
export interface MonitoringOutputs {
  /** ARN of the alarm topic (subscribe more endpoints to it). */
  readonly alarmTopicArn: string;
  /** Name of the environment's CloudWatch dashboard. */
  readonly dashboardName: string;
  /** Name of the monthly cost budget. */
  readonly budgetName: string;
}

/** CloudWatch namespace of an environment's own metrics (counted from function logs). */
export function metricsNamespace(project: string, environmentName: string): string {
  return `${project}/${environmentName}`;
}

/**
 * `<env>-monitoring`: the alarm topic; Errors, Throttles and dead-letter alarms for every function of the secrets
 * and app stacks; the webhook's 503 and 401 alarms; the webhook deliveries queue's backlog and dead-letter alarms; rotation failure events; database alarms; the cost budget and
 * the dashboard.
 */
export class MonitoringStack extends EnvironmentStack {
  readonly outputs: MonitoringOutputs;

  constructor(scope: Construct, props: MonitoringStackProps) {
    super(scope, 'monitoring', props);
    const { accountId, region, alarms, budget, database, api } = this.environment;
    const { secrets, app } = props;
    const namespace = metricsNamespace(this.project, this.environment.name);

    const topic = new AlarmTopic(this, 'alarm-topic', {
      namePrefix: this.namePrefix,
      accountId,
      region,
      kmsKeyArn: props.security.keyArn,
      alarms,
    });
    const topicArn = topic.topic.arn;

    const shortName = (fn: MonitoredFunction) => fn.name.replace(`${this.namePrefix}-`, '');
    const functionAlarms = [...secrets.rotationFunctions, ...app.functions].map(
      (fn) => new FunctionAlarms(this, shortName(fn), { fn, topicArn }),
    );
    const webhook = new WebhookAlarms(this, 'webhook-outcomes', {
      namePrefix: this.namePrefix,
      namespace,
      logGroupName: app.webhookLogGroupName,
      topicArn,
    });
    const delivery = app.webhookDelivery
      ? new WebhookDeliveryAlarms(this, 'webhook-delivery', {
          namePrefix: this.namePrefix,
          queueName: app.webhookDelivery.queueName,
          deadLetterQueueName: app.webhookDelivery.deadLetterQueueName,
          topicArn,
        }).alarms
      : [];
    new LogMetrics(this, 'api-outcomes', {
      namePrefix: `${this.namePrefix}-api`,
      namespace,
      logGroupName: app.apiLogGroupName,
      metrics: API_LOG_METRICS,
    });
    for (const fn of secrets.rotationFunctions) {
      new LogMetrics(this, `${shortName(fn)}-outcomes`, {
        namePrefix: fn.name,
        namespace,
        logGroupName: fn.logGroupName,
        metrics: ROTATION_LOG_METRICS,
      });
    }

    const rotation = new RotationFailureAlert(this, 'rotation-failed', {
      namePrefix: this.namePrefix,
      secretArns: [secrets.webhookSecretArn, secrets.databaseSecretArn, secrets.databaseMasterSecretArn].filter(
        (arn): arn is string => arn !== undefined,
      ),
      topicArn,
    });

    const databaseAlarms =
      database.enabled && secrets.databaseInstanceId
        ? new DatabaseAlarms(this, 'db', {
            namePrefix: this.namePrefix,
            instanceId: secrets.databaseInstanceId,
            allocatedStorageGb: database.allocatedStorageGb,
            expectedMaxConnections: api.reservedConcurrency + ROTATION_CONNECTIONS + RDS_INTERNAL_CONNECTIONS,
            topicArn,
          }).alarms
        : [];

    const costBudget = new CostBudget(this, 'budget', { namePrefix: this.namePrefix, accountId, budget });
    const dashboard = new OperationsDashboard(this, 'dashboard', {
      namePrefix: this.namePrefix,
      region,
      namespace,
      webhookFunctionName: app.webhookFunctionName,
      apiFunctionName: app.apiFunctionName,
      rotationFailureRuleName: rotation.rule.name,
      alarmArns: [...functionAlarms.flatMap((f) => f.alarms), ...webhook.alarms, ...delivery, ...databaseAlarms].map(
        (a) => a.arn,
      ),
    });

    this.outputs = {
      alarmTopicArn: topicArn,
      dashboardName: dashboard.dashboard.dashboardName,
      budgetName: costBudget.budget.name,
    };
    publishOutputs(this, this.outputs, {
      alarmTopicArn: { description: 'SNS topic every alarm of the environment notifies' },
      dashboardName: { description: 'CloudWatch dashboard of the environment' },
      budgetName: { description: 'AWS Budgets monthly cost budget of the environment' },
    });
  }
}
