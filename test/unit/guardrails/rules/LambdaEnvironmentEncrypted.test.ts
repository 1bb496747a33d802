import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaEnvironmentEncrypted } from '../../../../lib/guardrails/rules/LambdaEnvironmentEncrypted';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

describe('LambdaEnvironmentEncrypted', () => {
  it('accepts environment variables encrypted with a customer key', () => {
    const outcomes = checkRule(LambdaEnvironmentEncrypted, (stack) => compliantFunction(stack, 'fn'));

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'compliant' });
  });

  it('rejects environment variables without a customer key', () => {
    const outcomes = checkRule(LambdaEnvironmentEncrypted, (stack) =>
      compliantFunction(stack, 'fn', { kmsKeyArn: undefined }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(nonCompliantWith(/aws\/lambda/));
  });

  it('does not apply to a function without environment variables', () => {
    const outcomes = checkRule(LambdaEnvironmentEncrypted, (stack) =>
      compliantFunction(stack, 'fn', { kmsKeyArn: undefined, environment: undefined }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'not-applicable' });
  });
  it('accepts a key given as a reference to a KmsKey of the app', () => {
    const outcomes = checkRule(LambdaEnvironmentEncrypted, (stack) => {
      const key = new KmsKey(stack, 'key', { enableKeyRotation: true });
      compliantFunction(stack, 'fn', { kmsKeyArn: key.arn });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'compliant' });
  });

  it('cannot decide a key given as another expression (it could be the AWS managed key)', () => {
    const outcomes = checkRule(LambdaEnvironmentEncrypted, (stack) =>
      compliantFunction(stack, 'fn', { kmsKeyArn: '${var.function_key}' }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(unresolvedWith(/kms_key_arn/));
  });
});
