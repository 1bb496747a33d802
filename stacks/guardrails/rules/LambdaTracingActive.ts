import { blocks, isExpression } from '../attributes';
import { compliant, defineRule, nonCompliant, unresolved } from '../rule';

/** Every function traces with X-Ray, so a request can be followed across services. */
export const LambdaTracingActive = defineRule({
  id: 'LambdaTracingActive',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: 'every function traces requests with X-Ray',
  fix: "set tracingConfig: { mode: 'Active' } on the LambdaFunction",
  check({ attributes }) {
    const mode = blocks(attributes.tracing_config)[0]?.mode;
    if (mode === 'Active') return compliant;
    if (isExpression(mode)) return unresolved('tracing_config.mode', mode);
    return nonCompliant(
      `tracing mode is ${mode === undefined ? 'unset (PassThrough)' : String(mode)}`,
      "set tracingConfig: { mode: 'Active' } on the LambdaFunction (BundledFunction does)",
    );
  },
});
