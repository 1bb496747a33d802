import { LambdaEnvironmentEncrypted } from '../../../../stacks/guardrails/rules/LambdaEnvironmentEncrypted';
import { checkRule, nonCompliantWith, outcomeOf } from '../fixture';
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
});
