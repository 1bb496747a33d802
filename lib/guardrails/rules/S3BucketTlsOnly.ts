import { actionMatches, hasWildcardPrincipal } from '../policy';
import { compliant, defineRule, nonCompliant } from '../rule';
import { bucketSettings } from '../s3-links';

/** The bucket policy denies every request that does not use TLS. */
export const S3BucketTlsOnly = defineRule({
  id: 'S3BucketTlsOnly',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket'],
  enforces: 'buckets refuse requests without TLS',
  fix: 'add an S3BucketPolicy with a Deny of s3:* for Principal "*" on the bucket and bucket/* when aws:SecureTransport is false',
  check(bucket, context) {
    const bucketPolicies = bucketSettings(bucket, 'aws_s3_bucket_policy', context);
    const deniesPlainHttp = bucketPolicies.some((policy) =>
      policy
        .policies()
        .policies.filter(({ attribute }) => attribute === 'policy')
        .some(({ statements }) =>
          statements.some((statement) => {
            if (statement.effect !== 'Deny' || !hasWildcardPrincipal(statement)) return false;
            if (
              !statement.actions.some(
                (action) => actionMatches(action, 's3:GetObject') && actionMatches(action, 's3:PutObject'),
              )
            ) {
              return false;
            }
            return Object.entries(statement.condition).some(
              ([operator, entries]) =>
                /^Bool(IfExists)?$/.test(operator) &&
                Object.entries(entries).some(
                  ([key, value]) => key.toLowerCase() === 'aws:securetransport' && String(value) === 'false',
                ),
            );
          }),
        ),
    );
    if (deniesPlainHttp) return compliant;
    // A policy given as an expression (a data source, jsonencode) could hold the Deny.
    for (const policy of bucketPolicies) if (policy.policies().unreadable.length > 0) policy.value('policy');
    return nonCompliant(
      'no bucket policy denies requests made without TLS',
      'add S3BucketPolicy with { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket.arn, `${bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }',
    );
  },
});
