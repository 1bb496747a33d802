import { compliant, defineRule, nonCompliant } from '../rule';

/** Every function traces with X-Ray, so a request can be followed across services. */
export const LambdaTracingActive = defineRule({
  id: 'LambdaTracingActive',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: 'every function traces requests with X-Ray',
  fix: "set tracingConfig: { mode: 'Active' } on the LambdaFunction",
  check(fn) {
    const mode = fn.block('tracing_config')?.value('mode');
    if (mode === 'Active') return compliant;
    return nonCompliant(
      `tracing mode is ${mode === undefined ? 'unset (PassThrough)' : String(mode)}`,
      "set tracingConfig: { mode: 'Active' } on the LambdaFunction (BundledFunction does)",
    );
  },
});
