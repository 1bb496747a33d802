import { blocks, isAwsManagedKey, isSet } from '../attributes';
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
        blocks(c.attributes.rule),
      ),
      ...blocks(bucket.attributes.server_side_encryption_configuration).flatMap((c) => blocks(c.rule)),
    ];
    const defaults = rules.flatMap((rule) => blocks(rule.apply_server_side_encryption_by_default));
    const withCustomerKey = defaults.some(
      (d) =>
        KMS_ALGORITHMS.includes(String(d.sse_algorithm)) &&
        isSet(d.kms_master_key_id) &&
        !isAwsManagedKey(d.kms_master_key_id),
    );
    if (withCustomerKey) return compliant;
    return nonCompliant(
      defaults.length === 0
        ? 'the bucket has no default encryption configuration'
        : `the bucket's default encryption is ${defaults.map((d) => String(d.sse_algorithm)).join(', ')} without a customer-managed key`,
      "add S3BucketServerSideEncryptionConfigurationA { bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] }",
    );
  },
});
