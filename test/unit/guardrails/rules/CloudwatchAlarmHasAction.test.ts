import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { CloudwatchAlarmHasAction } from '../../../../lib/guardrails/rules/CloudwatchAlarmHasAction';
import { ACCOUNT, checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:acme-dev-alarms`;

const ALARM: CloudwatchMetricAlarmConfig = {
  alarmName: 'acme-dev-fn-errors',
  namespace: 'AWS/Lambda',
  metricName: 'Errors',
  dimensions: { FunctionName: 'acme-dev-fn' },
  statistic: 'Sum',
  period: 300,
  evaluationPeriods: 1,
  comparisonOperator: 'GreaterThanOrEqualToThreshold',
  threshold: 1,
};

describe('CloudwatchAlarmHasAction', () => {
  it('accepts an alarm that notifies a topic', () => {
    const outcomes = checkRule(CloudwatchAlarmHasAction, (stack) => {
      new CloudwatchMetricAlarm(stack, 'alarm', { ...ALARM, alarmActions: [TOPIC] });
    });

    expect(outcomeOf(outcomes, 'aws_cloudwatch_metric_alarm.alarm')).toEqual({ status: 'compliant' });
  });

  it('rejects an alarm without actions, and one whose actions are switched off', () => {
    const outcomes = checkRule(CloudwatchAlarmHasAction, (stack) => {
      new CloudwatchMetricAlarm(stack, 'silent', ALARM);
      new CloudwatchMetricAlarm(stack, 'muted', { ...ALARM, alarmActions: [TOPIC], actionsEnabled: false });
    });

    expect(outcomeOf(outcomes, 'aws_cloudwatch_metric_alarm.silent')).toEqual(nonCompliantWith(/no alarmActions/));
    expect(outcomeOf(outcomes, 'aws_cloudwatch_metric_alarm.muted')).toEqual(nonCompliantWith(/actionsEnabled: false/));
  });

  it('cannot decide actions switched on by a Terraform expression (it could be false)', () => {
    const outcomes = checkRule(CloudwatchAlarmHasAction, (stack) => {
      new CloudwatchMetricAlarm(stack, 'alarm', { ...ALARM, alarmActions: [TOPIC] }).addOverride(
        'actions_enabled',
        '${var.alarms_on}',
      );
    });

    expect(outcomeOf(outcomes, 'aws_cloudwatch_metric_alarm.alarm')).toEqual(unresolvedWith(/actions_enabled/));
  });
});
