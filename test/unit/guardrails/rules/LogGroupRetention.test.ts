import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { TerraformVariable } from 'cdktf';
import { LogGroupRetention } from '../../../../lib/guardrails/rules/LogGroupRetention';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

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

  it('cannot decide a retention given as a variable (0 keeps events forever)', () => {
    const outcomes = checkRule(LogGroupRetention, (stack) => {
      const days = new TerraformVariable(stack, 'days', { type: 'number' });
      new CloudwatchLogGroup(stack, 'logs', { name: '/x', retentionInDays: days.numberValue });
    });

    expect(outcomeOf(outcomes, 'aws_cloudwatch_log_group.logs')).toEqual(
      unresolvedWith(/^retention_in_days is "\$\{var\.days\}"/),
    );
  });
});
