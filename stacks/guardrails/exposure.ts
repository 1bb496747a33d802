// How a function declares who can reach it. The guardrails cannot see a handler verify a signature or a function
// reach a database, so each function says what it is with a tag, and the rules hold it to that.

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

/** The raw value of a function's exposure tag (possibly a `${...}` expression), or undefined without one. */
export function exposureTag(attributes: Readonly<Record<string, unknown>>): unknown {
  const tags = attributes.tags;
  if (typeof tags !== 'object' || tags === null) return undefined;
  return (tags as Record<string, unknown>)[EXPOSURE_TAG];
}

/** The declared exposure of a function's attributes, or undefined when the tag is missing, unknown or an expression. */
export function exposureOf(attributes: Readonly<Record<string, unknown>>): Exposure | undefined {
  const value = exposureTag(attributes);
  return EXPOSURES.find((exposure) => exposure === value);
}
