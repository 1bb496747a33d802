import { LambdaExposureDeclared } from '../../../../lib/guardrails/rules/LambdaExposureDeclared';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

describe('LambdaExposureDeclared', () => {
  it('accepts a function tagged with a known exposure', () => {
    const outcomes = checkRule(LambdaExposureDeclared, (stack) =>
      compliantFunction(stack, 'fn', { tags: { Exposure: 'private' } }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'compliant' });
  });

  it('rejects a function without the Exposure tag', () => {
    const outcomes = checkRule(LambdaExposureDeclared, (stack) => compliantFunction(stack, 'fn', { tags: {} }));

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(nonCompliantWith(/no Exposure tag/));
  });

  it('rejects an Exposure value the rules do not know', () => {
    const outcomes = checkRule(LambdaExposureDeclared, (stack) =>
      compliantFunction(stack, 'fn', { tags: { Exposure: 'public' } }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(nonCompliantWith(/"public", not one of/));
  });
  it('cannot decide an exposure tag given as a Terraform expression', () => {
    const outcomes = checkRule(LambdaExposureDeclared, (stack) =>
      compliantFunction(stack, 'fn', { tags: { Exposure: '${var.exposure}' } }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(unresolvedWith(/tags\.Exposure/));
  });
});
