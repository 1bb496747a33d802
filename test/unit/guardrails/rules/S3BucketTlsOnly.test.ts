import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketTlsOnly } from '../../../../lib/guardrails/rules/S3BucketTlsOnly';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { bucket } from '../s3-fixture';

describe('S3BucketTlsOnly', () => {
  it('accepts a bucket whose policy denies requests without TLS', () => {
    const outcomes = checkRule(S3BucketTlsOnly, (stack) => bucket(stack, 'state'));

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual({ status: 'compliant' });
  });

  it('rejects a bucket without that policy', () => {
    const outcomes = checkRule(S3BucketTlsOnly, (stack) => bucket(stack, 'state', ['tlsPolicy']));

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual(nonCompliantWith(/without TLS/));
  });

  it('cannot decide a bucket policy from a data source, which could hold the Deny', () => {
    const outcomes = checkRule(S3BucketTlsOnly, (stack) => {
      const created = bucket(stack, 'state', ['tlsPolicy']);
      const document = new DataAwsIamPolicyDocument(stack, 'd', {
        statement: [{ effect: 'Deny', actions: ['s3:*'], resources: [created.arn] }],
      });
      new S3BucketPolicy(stack, 'policy', { bucket: created.id, policy: document.json });
    });

    expect(outcomeOf(outcomes, 'aws_s3_bucket.state')).toEqual(
      unresolvedWith(/^aws_s3_bucket_policy\.policy policy is "\$\{data\.aws_iam_policy_document\.d\.json\}"/),
    );
  });
});
