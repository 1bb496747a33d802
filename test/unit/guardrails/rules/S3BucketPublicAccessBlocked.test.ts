import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { TerraformVariable } from 'cdktf';
import { S3BucketPublicAccessBlocked } from '../../../../lib/guardrails/rules/S3BucketPublicAccessBlocked';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { bucket } from '../s3-fixture';

describe('S3BucketPublicAccessBlocked', () => {
  it('accepts a bucket with all four settings on', () => {
    const outcomes = checkRule(S3BucketPublicAccessBlocked, (stack) => bucket(stack, 'state'));

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual({ status: 'compliant' });
  });

  it('rejects a bucket without a public access block', () => {
    const outcomes = checkRule(S3BucketPublicAccessBlocked, (stack) => bucket(stack, 'state', ['publicAccessBlock']));

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual(nonCompliantWith(/no public access block/));
  });

  it('names the settings a partial block leaves off', () => {
    const outcomes = checkRule(S3BucketPublicAccessBlocked, (stack) => {
      const created = bucket(stack, 'state', ['publicAccessBlock']);
      new S3BucketPublicAccessBlock(stack, 'partial', {
        bucket: created.id,
        blockPublicAcls: true,
        ignorePublicAcls: true,
      });
    });

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual(
      nonCompliantWith(/leaves blockPublicPolicy, restrictPublicBuckets off/),
    );
  });

  it('cannot decide a setting given as a variable', () => {
    const outcomes = checkRule(S3BucketPublicAccessBlocked, (stack) => {
      const created = bucket(stack, 'state', ['publicAccessBlock']);
      const block = new TerraformVariable(stack, 'block', { type: 'bool' });
      new S3BucketPublicAccessBlock(stack, 'pab', {
        bucket: created.id,
        blockPublicAcls: block.booleanValue,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    });

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual(
      unresolvedWith(/^aws_s3_bucket_public_access_block\.pab block_public_acls is "\$\{var\.block\}"/),
    );
  });
});
