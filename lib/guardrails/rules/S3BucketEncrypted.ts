import { compliant, defineRule, nonCompliant } from '../rule';
import { bucketSettings } from '../s3-links';

const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

/** Buckets encrypt objects by default with a customer-managed KMS key. */
export const S3BucketEncrypted = defineRule({
  id: 'S3BucketEncrypted',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket'],
  enforces: 'buckets encrypt every object with a customer-managed KMS key by default',
  fix: "add an S3BucketServerSideEncryptionConfigurationA with sseAlgorithm 'aws:kms', kmsMasterKeyId: the key ARN and bucketKeyEnabled: true",
  check(bucket, context) {
    const rules = [
      ...bucketSettings(bucket, 'aws_s3_bucket_server_side_encryption_configuration', context).flatMap((c) =>
        c.blocks('rule'),
      ),
      ...bucket.blocks('server_side_encryption_configuration').flatMap((c) => c.blocks('rule')),
    ];
    const defaults = rules.flatMap((rule) => rule.blocks('apply_server_side_encryption_by_default'));
    const algorithms = defaults.map((d) => String(d.value('sse_algorithm')));
    const withCustomerKey = defaults.some(
      (d, index) => KMS_ALGORITHMS.includes(algorithms[index] ?? '') && d.keyKind('kms_master_key_id') === 'customer',
    );
    if (withCustomerKey) return compliant;
    return nonCompliant(
      defaults.length === 0
        ? 'the bucket has no default encryption configuration'
        : `the bucket's default encryption is ${algorithms.join(', ')} without a customer-managed key`,
      "add S3BucketServerSideEncryptionConfigurationA { bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] }",
    );
  },
});
