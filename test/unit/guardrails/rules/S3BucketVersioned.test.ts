import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { TerraformVariable } from 'cdktf';
import { S3BucketVersioned } from '../../../../lib/guardrails/rules/S3BucketVersioned';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { bucket } from '../s3-fixture';

describe('S3BucketVersioned', () => {
  it('accepts a versioned bucket', () => {
    const outcomes = checkRule(S3BucketVersioned, (stack) => bucket(stack, 'state'));

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual({ status: 'compliant' });
  });

  it('rejects a bucket without versioning, even next to a versioned one', () => {
    const outcomes = checkRule(S3BucketVersioned, (stack) => {
      bucket(stack, 'versioned');
      bucket(stack, 'plain', ['versioning']);
    });

    expect(outcomeOf(outcomes, 'aws_s3_bucket.versioned')).toEqual({ status: 'compliant' });
    expect(outcomeOf(outcomes, 'aws_s3_bucket.plain')).toEqual(nonCompliantWith(/versioning is not enabled/));
  });

  it('cannot decide a versioning status given as a variable', () => {
    const outcomes = checkRule(S3BucketVersioned, (stack) => {
      const created = bucket(stack, 'state', ['versioning']);
      const status = new TerraformVariable(stack, 'status', { type: 'string' });
      new S3BucketVersioningA(stack, 'versioning', {
        bucket: created.id,
        versioningConfiguration: { status: status.stringValue },
      });
    });

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual(
      unresolvedWith(/^aws_s3_bucket_versioning\.versioning versioning_configuration\.status is "\$\{var\.status\}"/),
    );
  });
});
