import { compliant, defineRule, nonCompliant } from '../rule';
import { bucketSettings } from '../s3-links';

const SETTINGS = {
  block_public_acls: 'blockPublicAcls',
  block_public_policy: 'blockPublicPolicy',
  ignore_public_acls: 'ignorePublicAcls',
  restrict_public_buckets: 'restrictPublicBuckets',
} as const;

/** All four S3 Block Public Access settings are on for every bucket. */
export const S3BucketPublicAccessBlocked = defineRule({
  id: 'S3BucketPublicAccessBlocked',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket'],
  enforces: 'no bucket can be made public',
  fix: 'add an S3BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true',
  check(bucket, context) {
    const blocks = bucketSettings(bucket, 'aws_s3_bucket_public_access_block', context);
    const missing = Object.entries(SETTINGS)
      .filter(([attribute]) => !blocks.some((block) => block.isTrue(attribute)))
      .map(([, prop]) => prop);
    if (missing.length === 0) return compliant;
    return nonCompliant(
      blocks.length === 0
        ? 'the bucket has no public access block'
        : `the bucket's public access block leaves ${missing.join(', ')} off`,
      `add S3BucketPublicAccessBlock { bucket: bucket.id, ${Object.values(SETTINGS)
        .map((prop) => `${prop}: true`)
        .join(', ')} }`,
    );
  },
});
