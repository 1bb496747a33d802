import { isExpression, isSet, strings } from '../attributes';
import { compliant, defineRule, nonCompliant, unresolved } from '../rule';

/** An alarm that notifies nobody is only a colour in the console. */
export const CloudwatchAlarmHasAction = defineRule({
  id: 'CloudwatchAlarmHasAction',
  severity: 'error',
  resourceTypes: ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'],
  enforces: 'every alarm notifies someone when it fires',
  fix: "set alarmActions: [the environment's alarm topic ARN] and leave actionsEnabled on (runbookAlarm does)",
  check({ attributes }) {
    // An expression could be false, and then the alarm notifies nobody.
    if (isExpression(attributes.actions_enabled)) return unresolved('actions_enabled', attributes.actions_enabled);
    const disabled = attributes.actions_enabled === false || attributes.actions_enabled === 'false';
    if (!disabled && strings(attributes.alarm_actions).some(isSet)) return compliant;
    return nonCompliant(
      disabled
        ? 'the alarm has actionsEnabled: false, so it notifies nobody'
        : 'the alarm has no alarmActions, so it notifies nobody',
      "create it with runbookAlarm(), which notifies the environment's alarm topic on ALARM and OK, or set alarmActions: [topicArn] and actionsEnabled: true",
    );
  },
});
