import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { endpointPolicy } from '../../../../lib/constructs/interface-endpoints';
import { policyDocument } from '../../../../lib/constructs/policy-document';
import { PolicyNoPublicPrincipal } from '../../../../lib/guardrails/rules/PolicyNoPublicPrincipal';
import { ACCOUNT, checkRule, doc, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

describe('PolicyNoPublicPrincipal', () => {
  it('accepts a wildcard principal limited to the account (the endpoint policies)', () => {
    const outcomes = checkRule(
      PolicyNoPublicPrincipal,
      (stack) =>
        new VpcEndpoint(stack, 'e', {
          vpcId: 'vpc-1',
          serviceName: 'com.amazonaws.eu-west-1.secretsmanager',
          policy: policyDocument(endpointPolicy('secretsmanager', ACCOUNT)),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_vpc_endpoint.e')).toEqual({ status: 'compliant' });
  });

  it('rejects a secret policy that lets anyone read', () => {
    const outcomes = checkRule(
      PolicyNoPublicPrincipal,
      (stack) =>
        new SecretsmanagerSecretPolicy(stack, 'p', {
          secretArn: 'arn',
          policy: doc({
            Sid: 'Anyone',
            Effect: 'Allow',
            Principal: '*',
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
          }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret_policy.p')).toEqual(
      nonCompliantWith(/statement "Anyone" allows any principal \(\*\) without an account/),
    );
  });

  it('cannot decide an unconditioned principal given as a Terraform expression (it could be *)', () => {
    const outcomes = checkRule(
      PolicyNoPublicPrincipal,
      (stack) =>
        new SecretsmanagerSecretPolicy(stack, 'p', {
          secretArn: 'arn',
          policy: doc({
            Sid: 'Who',
            Effect: 'Allow',
            Principal: { AWS: '${var.reader}' },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
          }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret_policy.p')).toEqual(
      unresolvedWith(/statement "Who" Principal\.AWS/),
    );
  });
});
