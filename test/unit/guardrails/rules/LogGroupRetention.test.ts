import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LogGroupRetention } from '../../../../stacks/guardrails/rules/LogGroupRetention';
import { checkRule, nonCompliantWith, outcomeOf } from '../fixture';

describe('LogGroupRetention', () => {
  it('accepts a log group with a retention', () => {
    const outcomes = checkRule(
      LogGroupRetention,
      (stack) => new CloudwatchLogGroup(stack, 'logs', { name: '/x', retentionInDays: 30 }),
    );

    expect(outcomeOf(outcomes, 'aws_cloudwatch_log_group.logs')).toEqual({ status: 'compliant' });
  });

  it('rejects a log group that keeps events forever', () => {
    const outcomes = checkRule(LogGroupRetention, (stack) => new CloudwatchLogGroup(stack, 'logs', { name: '/x' }));

    expect(outcomeOf(outcomes, 'aws_cloudwatch_log_group.logs')).toEqual(nonCompliantWith(/forever/));
  });
});
