import { LambdaReservedConcurrency } from '../../../../lib/guardrails/rules/LambdaReservedConcurrency';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

describe('LambdaReservedConcurrency', () => {
  it('accepts reserved concurrency', () => {
    const outcomes = checkRule(LambdaReservedConcurrency, (stack) => compliantFunction(stack, 'fn'));

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'compliant' });
  });

  it('rejects a function without reserved concurrency', () => {
    const outcomes = checkRule(LambdaReservedConcurrency, (stack) =>
      compliantFunction(stack, 'fn', { reservedConcurrentExecutions: undefined }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(nonCompliantWith(/no reserved concurrency/));
  });

  it('rejects -1, which means unreserved', () => {
    const outcomes = checkRule(LambdaReservedConcurrency, (stack) =>
      compliantFunction(stack, 'fn', { reservedConcurrentExecutions: -1 }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(nonCompliantWith(/no reserved concurrency/));
  });
  it('cannot decide reserved concurrency given as a Terraform expression (it could be -1)', () => {
    const outcomes = checkRule(LambdaReservedConcurrency, (stack) =>
      compliantFunction(stack, 'fn').addOverride('reserved_concurrent_executions', '${var.concurrency}'),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(unresolvedWith(/reserved_concurrent_executions/));
  });
});
