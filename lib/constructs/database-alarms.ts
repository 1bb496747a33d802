import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { runbookAlarm } from './runbook';

/** Props of a database's alarms. */
export interface DatabaseAlarmsProps {
  /** `<project>-<env>`: alarm names start with it. */
  readonly namePrefix: string;
  /** RDS instance identifier. */
  readonly instanceId: string;
  /** Allocated storage in GiB: the free storage alarm fires below 10% of it. */
  readonly allocatedStorageGb: number;
  /** Connections the template's own clients can hold at once; more means a leak or a stranger. */
  readonly expectedMaxConnections: number;
  /** ARN of the environment's alarm topic. */
  readonly topicArn: string;
}

/** CPU, free storage and connection count alarms of the environment's PostgreSQL instance. */
export class DatabaseAlarms extends Construct {
  /** The three alarms, for the dashboard's status widget. */
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    const { namePrefix, topicArn } = props;
    const rds = (metricName: string, statistic: string) => ({
      namespace: 'AWS/RDS',
      metricName,
      dimensions: { DBInstanceIdentifier: props.instanceId },
      statistic,
      period: 300,
      subject: `${namePrefix}-db`,
      topicArn,
    });
    const cpu = runbookAlarm(this, 'cpu', {
      ...rds('CPUUtilization', 'Average'),
      kind: 'databaseCpu',
      alarmName: `${namePrefix}-db-cpu`,
      evaluationPeriods: 3,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 80,
    });
    const freeStorage = runbookAlarm(this, 'free-storage', {
      ...rds('FreeStorageSpace', 'Minimum'),
      kind: 'databaseFreeStorage',
      alarmName: `${namePrefix}-db-free-storage`,
      evaluationPeriods: 1,
      comparisonOperator: 'LessThanThreshold',
      threshold: Math.round(props.allocatedStorageGb * 1024 ** 3 * 0.1),
      // No data from a database that exists is itself a problem; let it show as INSUFFICIENT_DATA, not OK.
      treatMissingData: 'missing',
    });
    const connections = runbookAlarm(this, 'connections', {
      ...rds('DatabaseConnections', 'Maximum'),
      kind: 'databaseConnections',
      alarmName: `${namePrefix}-db-connections`,
      evaluationPeriods: 2,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: props.expectedMaxConnections,
    });
    this.alarms = [cpu, freeStorage, connections];
  }
}
