import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { TerraformVariable } from 'cdktf';
import { LambdaLogGroupManaged } from '../../../../lib/guardrails/rules/LambdaLogGroupManaged';
import { checkRule, KEY_ARN, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

describe('LambdaLogGroupManaged', () => {
  it('accepts a function whose logging config points at an encrypted log group with retention', () => {
    const outcomes = checkRule(LambdaLogGroupManaged, (stack) => compliantFunction(stack, 'fn'));

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'compliant' });
  });

  it("accepts Lambda's default log group name when the app creates that group", () => {
    const outcomes = checkRule(LambdaLogGroupManaged, (stack) => {
      new CloudwatchLogGroup(stack, 'default-logs', {
        name: '/aws/lambda/acme-dev-other',
        kmsKeyId: KEY_ARN,
        retentionInDays: 7,
      });
      compliantFunction(stack, 'fn', { functionName: 'acme-dev-other', loggingConfig: undefined });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'compliant' });
  });

  it('rejects a function whose log group the app does not create', () => {
    const outcomes = checkRule(LambdaLogGroupManaged, (stack) =>
      compliantFunction(stack, 'fn', { functionName: 'acme-dev-elsewhere', loggingConfig: undefined }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(nonCompliantWith(/creates no log group/));
  });

  it('rejects a log group without encryption or retention', () => {
    const outcomes = checkRule(LambdaLogGroupManaged, (stack) => {
      const plain = new CloudwatchLogGroup(stack, 'plain', { name: '/aws/lambda/acme-dev-fn' });
      compliantFunction(stack, 'fn', { loggingConfig: { logFormat: 'JSON', logGroup: plain.name } });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(
      nonCompliantWith(/aws_cloudwatch_log_group.plain has no kmsKeyId and no retentionInDays/),
    );
  });

  it('cannot decide a log group whose retention is a variable (0 keeps logs forever)', () => {
    const outcomes = checkRule(LambdaLogGroupManaged, (stack) => {
      const days = new TerraformVariable(stack, 'days', { type: 'number' });
      const logs = new CloudwatchLogGroup(stack, 'logs', {
        name: '/aws/lambda/acme-dev-x',
        kmsKeyId: KEY_ARN,
        retentionInDays: days.numberValue,
      });
      compliantFunction(stack, 'fn', { loggingConfig: { logFormat: 'JSON', logGroup: logs.name } });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(
      unresolvedWith(/^aws_cloudwatch_log_group\.logs retention_in_days is "\$\{var\.days\}"/),
    );
  });
});
