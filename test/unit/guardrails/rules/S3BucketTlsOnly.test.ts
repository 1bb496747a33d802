import { S3BucketTlsOnly } from '../../../../stacks/guardrails/rules/S3BucketTlsOnly';
import { checkRule, nonCompliantWith, outcomeOf } from '../fixture';
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
});
