import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { partitionOf } from '../config/regions';
import { accountRoot, type PolicyStatement, policyDocument } from './policy-document';

/** Props of the bucket holding every stack's Terraform state in one account. */
export interface StateBucketProps {
  /** Name of the bucket that holds every stack's Terraform state. */
  readonly bucketName: string;
  /** `alias/<project>-tfstate`. */
  readonly keyAlias: string;
  /** Account that owns the bucket; the bucket policy denies every other account. */
  readonly accountId: string;
  /** Region of the bucket and its key. */
  readonly region: string;
  /** Days a replaced state version is kept. */
  readonly noncurrentVersionDays: number;
  /** Noncurrent versions kept whatever their age (0: none beyond the days). */
  readonly noncurrentVersionsKept: number;
  /** Existing bucket for S3 server access logs. @default no access logging */
  readonly accessLogBucket?: string;
}

/** Key administration without any cryptographic use; the account root holds it and IAM decides who acts. */
const STATE_KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:UpdateAlias',
  'kms:DescribeKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:PutKeyPolicy',
  'kms:UpdateKeyDescription',
  'kms:ListAliases',
  'kms:ListResourceTags',
  'kms:ListKeyRotations',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/**
 * The state key's policy: administration for the account root, and encryption or decryption only when S3 of this
 * account calls on a principal's behalf. The pipeline roles get the use through their own IAM policies.
 */
export function stateKeyPolicy(accountId: string, region: string): PolicyStatement[] {
  const root = accountRoot(accountId, partitionOf(region));
  return [
    { Sid: 'AccountRootAdministersKey', Principal: { AWS: root }, Action: STATE_KEY_ADMIN_ACTIONS, Resource: '*' },
    {
      Sid: 'AccountPrincipalsUseKeyOnlyThroughS3',
      Principal: { AWS: root },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `s3.${region}.amazonaws.com` },
      },
    },
  ];
}

/**
 * The bucket policy: TLS 1.2 or newer only, this account's principals only, and no upload that asks for an
 * encryption other than SSE-KMS (a request without the header gets the bucket default, the state key).
 */
export function stateBucketPolicy(bucketArn: string, accountId: string): PolicyStatement[] {
  const everything = [bucketArn, `${bucketArn}/*`];
  return [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: everything,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyTlsOlderThan12',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: everything,
      Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
    },
    {
      Sid: 'DenyOtherAccounts',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: everything,
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': accountId } },
    },
    {
      Sid: 'DenyUploadsNotEncryptedWithKms',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${bucketArn}/*`,
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
  ];
}

/**
 * The Terraform state bucket: versioned, SSE-KMS with its own rotating key (bucket keys on), public access
 * blocked, ACLs disabled, a TLS-only same-account policy and expiry of old versions. Terraform refuses to destroy
 * the bucket or the key: losing either loses every stack's state.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const { accountId, region } = props;
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts the Terraform state in ${props.bucketName}`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      policy: policyDocument(stateKeyPolicy(accountId, region)),
      lifecycle: { preventDestroy: true },
    });
    this.alias = new KmsAlias(this, 'alias', { name: props.keyAlias, targetKeyId: this.key.keyId });

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: policyDocument(stateBucketPolicy(this.bucket.arn, accountId)),
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-replaced-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [
            {
              noncurrentDays: props.noncurrentVersionDays,
              newerNoncurrentVersions: props.noncurrentVersionsKept > 0 ? props.noncurrentVersionsKept : undefined,
            },
          ],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        {
          id: 'remove-expired-delete-markers',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
    });
    if (props.accessLogBucket) {
      new S3BucketLoggingA(this, 'access-logs', {
        bucket,
        targetBucket: props.accessLogBucket,
        targetPrefix: `${props.bucketName}/`,
      });
    }
  }
}
