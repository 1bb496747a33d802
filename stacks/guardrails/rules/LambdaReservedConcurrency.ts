import { isExpression, isSet } from '../attributes';
import { compliant, defineRule, nonCompliant, unresolved } from '../rule';

/** Reserved concurrency caps what a flood of requests can cost and how many connections a function opens. */
export const LambdaReservedConcurrency = defineRule({
  id: 'LambdaReservedConcurrency',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: 'every function has reserved concurrency, bounding cost and blast radius',
  fix: 'set reservedConcurrentExecutions on the LambdaFunction (from the environment config)',
  check({ attributes }) {
    const reserved = attributes.reserved_concurrent_executions;
    // An expression could resolve to -1 (unreserved).
    if (isExpression(reserved)) return unresolved('reserved_concurrent_executions', reserved);
    if (isSet(reserved) && reserved !== -1 && reserved !== '-1') return compliant;
    return nonCompliant(
      'the function has no reserved concurrency, so it can take the whole account concurrency and starve other functions',
      'set reservedConcurrentExecutions on the LambdaFunction (BundledFunction takes reservedConcurrency from the environment config)',
    );
  },
});
