import { LambdaTracingActive } from '../../../../stacks/guardrails/rules/LambdaTracingActive';
import { checkRule, nonCompliantWith, outcomeOf } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

describe('LambdaTracingActive', () => {
  it('accepts active tracing', () => {
    const outcomes = checkRule(LambdaTracingActive, (stack) => compliantFunction(stack, 'fn'));

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'compliant' });
  });

  it('rejects PassThrough tracing', () => {
    const outcomes = checkRule(LambdaTracingActive, (stack) =>
      compliantFunction(stack, 'fn', { tracingConfig: { mode: 'PassThrough' } }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(nonCompliantWith(/PassThrough/));
  });
});
