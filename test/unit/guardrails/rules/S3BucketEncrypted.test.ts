import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketEncrypted } from '../../../../lib/guardrails/rules/S3BucketEncrypted';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { bucket } from '../s3-fixture';

describe('S3BucketEncrypted', () => {
  it('accepts default encryption with a customer key', () => {
    const outcomes = checkRule(S3BucketEncrypted, (stack) => bucket(stack, 'state'));

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual({ status: 'compliant' });
  });

  it('rejects a bucket without an encryption configuration', () => {
    const outcomes = checkRule(S3BucketEncrypted, (stack) => bucket(stack, 'state', ['encryption']));

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual(nonCompliantWith(/no default encryption/));
  });

  it('rejects SSE-S3 (AES256), which no key policy controls', () => {
    const outcomes = checkRule(S3BucketEncrypted, (stack) => {
      const created = bucket(stack, 'state', ['encryption']);
      new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', {
        bucket: created.bucket,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
      });
    });

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual(
      nonCompliantWith(/AES256 without a customer-managed key/),
    );
  });

  it('cannot decide a default key from a data source (it could be alias/aws/s3)', () => {
    const outcomes = checkRule(S3BucketEncrypted, (stack) => {
      const created = bucket(stack, 'state', ['encryption']);
      const key = new DataAwsKmsKey(stack, 'shared', { keyId: 'alias/shared' });
      new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', {
        bucket: created.bucket,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn } }],
      });
    });

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual(
      unresolvedWith(
        /^aws_s3_bucket_server_side_encryption_configuration\.sse rule\[0\]\.apply_server_side_encryption_by_default\.kms_master_key_id is/,
      ),
    );
  });
});
