import { compliant, defineRule, nonCompliant } from '../rule';

/** Reserved concurrency caps what a flood of requests can cost and how many connections a function opens. */
export const LambdaReservedConcurrency = defineRule({
  id: 'LambdaReservedConcurrency',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: 'every function has reserved concurrency, bounding cost and blast radius',
  fix: 'set reservedConcurrentExecutions on the LambdaFunction (from the environment config)',
  check(fn) {
    // An unresolved value could be -1 (unreserved).
    const reserved = fn.value('reserved_concurrent_executions');
    if (reserved !== undefined && reserved !== null && reserved !== '' && Number(reserved) !== -1) return compliant;
    return nonCompliant(
      'the function has no reserved concurrency, so it can take the whole account concurrency and starve other functions',
      'set reservedConcurrentExecutions on the LambdaFunction (BundledFunction takes reservedConcurrency from the environment config)',
    );
  },
});
