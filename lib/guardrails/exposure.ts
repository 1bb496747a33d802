// How a function declares who can reach it. The guardrails cannot see a handler verify a signature or a function
// reach a database, so each function says what it is with a tag, and the rules hold it to that.
import type { Resource } from './attributes';

/** Tag on every aws_lambda_function (resource tags, not the provider's default tags). */
export const EXPOSURE_TAG = 'Exposure';

/**
 * - `private`: runs in the VPC's isolated subnets; reachable only through IAM (AWS_IAM function URL, or AWS services).
 * - `internal`: reachable only through IAM or scoped AWS service permissions; needs no VPC.
 * - `public-signed`: may have a function URL with authorization NONE because its handler verifies a signature on
 *   every request before doing anything else (the webhook).
 */
export const EXPOSURES = ['private', 'internal', 'public-signed'] as const;
export type Exposure = (typeof EXPOSURES)[number];

/** The function's exposure tag as written (undefined without one); an expression is unresolved (the accessor throws). */
export function exposureTag(fn: Resource): string | undefined {
  return fn.tag(EXPOSURE_TAG);
}

/** The declared exposure of a function, or undefined when the tag is missing or unknown. */
export function exposureOf(fn: Resource): Exposure | undefined {
  const value = exposureTag(fn);
  return EXPOSURES.find((exposure) => exposure === value);
}
