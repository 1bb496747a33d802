import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EncryptedLogGroup } from '../../../../stacks/constructs/encrypted-log-group';
import { LogGroupEncrypted } from '../../../../stacks/guardrails/rules/LogGroupEncrypted';
import { checkRule, KEY_ARN, nonCompliantWith, outcomeOf } from '../fixture';

describe('LogGroupEncrypted', () => {
  it('accepts an EncryptedLogGroup', () => {
    const outcomes = checkRule(
      LogGroupEncrypted,
      (stack) => new EncryptedLogGroup(stack, 'logs', { name: '/aws/lambda/x', kmsKeyArn: KEY_ARN, retentionDays: 14 }),
    );

    expect(Object.values(outcomes)).toEqual([{ status: 'compliant' }]);
  });

  it('rejects a log group without a key', () => {
    const outcomes = checkRule(LogGroupEncrypted, (stack) => new CloudwatchLogGroup(stack, 'logs', { name: '/x' }));

    expect(outcomeOf(outcomes, 'aws_cloudwatch_log_group.logs')).toEqual(nonCompliantWith(/no kmsKeyId/));
  });
});
