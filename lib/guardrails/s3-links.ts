// The S3 bucket settings that live in their own resources (encryption, versioning, public access block, policy).
import type { Resource } from './attributes';
import type { RuleContext } from './rule';

/** The resources of `type` configuring `bucket` (by reference or by bucket name). */
export function bucketSettings(bucket: Resource, type: string, context: RuleContext): Resource[] {
  return context.ofType(type).filter((setting) => context.refersTo(setting.link('bucket'), bucket, ['bucket']));
}
