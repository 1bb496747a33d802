// An S3 bucket with every setting the S3 guardrails ask for; tests leave one out.
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { Construct } from 'constructs';
import { doc, KEY_ARN } from './fixture';

export type BucketSetting = 'encryption' | 'versioning' | 'publicAccessBlock' | 'tlsPolicy';

export function bucket(scope: Construct, id: string, without: readonly BucketSetting[] = []): S3Bucket {
  const created = new S3Bucket(scope, id, { bucket: `acme-${id}` });
  if (!without.includes('encryption')) {
    new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-sse`, {
      bucket: created.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN },
          bucketKeyEnabled: true,
        },
      ],
    });
  }
  if (!without.includes('versioning')) {
    new S3BucketVersioningA(scope, `${id}-versioning`, {
      bucket: created.id,
      versioningConfiguration: { status: 'Enabled' },
    });
  }
  if (!without.includes('publicAccessBlock')) {
    new S3BucketPublicAccessBlock(scope, `${id}-public-access`, {
      bucket: created.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }
  if (!without.includes('tlsPolicy')) {
    new S3BucketPolicy(scope, `${id}-policy`, {
      bucket: created.id,
      policy: doc({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [created.arn, `${created.arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    });
  }
  return created;
}
