import { LambdaTracingActive } from '../../../../lib/guardrails/rules/LambdaTracingActive';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
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
  it('cannot decide a tracing mode given as a Terraform expression', () => {
    const outcomes = checkRule(LambdaTracingActive, (stack) =>
      compliantFunction(stack, 'fn', { tracingConfig: { mode: '${var.tracing_mode}' } }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(unresolvedWith(/tracing_config\.mode/));
  });
});
