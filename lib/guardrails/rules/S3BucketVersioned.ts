import { compliant, defineRule, nonCompliant } from '../rule';
import { bucketSettings } from '../s3-links';

/** Buckets keep object versions, so an overwrite or delete can be undone. */
export const S3BucketVersioned = defineRule({
  id: 'S3BucketVersioned',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket'],
  enforces: 'buckets keep object versions',
  fix: "add an S3BucketVersioningA with versioningConfiguration: { status: 'Enabled' }",
  check(bucket, context) {
    const enabled =
      bucketSettings(bucket, 'aws_s3_bucket_versioning', context).some((v) =>
        v.blocks('versioning_configuration').some((c) => c.value('status') === 'Enabled'),
      ) || bucket.blocks('versioning').some((v) => v.isTrue('enabled'));
    if (enabled) return compliant;
    return nonCompliant(
      'versioning is not enabled on the bucket',
      "add S3BucketVersioningA { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }",
    );
  },
});
