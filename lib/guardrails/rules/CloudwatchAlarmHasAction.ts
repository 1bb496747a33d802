import { compliant, defineRule, nonCompliant } from '../rule';

/** An alarm that notifies nobody is only a colour in the console. */
export const CloudwatchAlarmHasAction = defineRule({
  id: 'CloudwatchAlarmHasAction',
  severity: 'error',
  resourceTypes: ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'],
  enforces: 'every alarm notifies someone when it fires',
  fix: "set alarmActions: [the environment's alarm topic ARN] and leave actionsEnabled on (runbookAlarm does)",
  check(alarm) {
    const disabled = alarm.isFalse('actions_enabled');
    if (!disabled && alarm.isSet('alarm_actions')) return compliant;
    return nonCompliant(
      disabled
        ? 'the alarm has actionsEnabled: false, so it notifies nobody'
        : 'the alarm has no alarmActions, so it notifies nobody',
      "create it with runbookAlarm(), which notifies the environment's alarm topic on ALARM and OK, or set alarmActions: [topicArn] and actionsEnabled: true",
    );
  },
});
