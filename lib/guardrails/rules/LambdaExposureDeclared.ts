import { EXPOSURE_TAG, EXPOSURES, exposureOf, exposureTag } from '../exposure';
import { compliant, defineRule, nonCompliant } from '../rule';

/** Every function says who can reach it, so the rules can hold it to that. */
export const LambdaExposureDeclared = defineRule({
  id: 'LambdaExposureDeclared',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: 'every function declares its exposure (private, internal or public-signed)',
  fix: `tag the function ${EXPOSURE_TAG}: ${EXPOSURES.join(' | ')} (BundledFunction's exposure prop)`,
  check(fn) {
    if (exposureOf(fn)) return compliant;
    const current = exposureTag(fn);
    return nonCompliant(
      current === undefined
        ? `the function has no ${EXPOSURE_TAG} tag`
        : `the function's ${EXPOSURE_TAG} tag is "${current}", not one of ${EXPOSURES.join(', ')}`,
      `set tags: { ${EXPOSURE_TAG}: 'private' } (in the VPC), 'internal' (IAM-only callers) or 'public-signed' (verifies a signature on every request) on the LambdaFunction`,
    );
  },
});
