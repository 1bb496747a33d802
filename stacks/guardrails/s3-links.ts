// The S3 bucket settings that live in their own resources (encryption, versioning, public access block, policy).
import type { RuleContext, SynthesizedResource } from './rule';

/** The resources of `type` configuring `bucket` (by reference or by bucket name). */
export function bucketSettings(bucket: SynthesizedResource, type: string, context: RuleContext): SynthesizedResource[] {
  return context.ofType(type).filter((setting) => context.refersTo(setting.attributes.bucket, bucket, ['bucket']));
}
