import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { IamNoWildcardActions } from '../../../../lib/guardrails/rules/IamNoWildcardActions';
import { ACCOUNT, checkRule, doc, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

describe('IamNoWildcardActions', () => {
  it('accepts exact actions, partial wildcards and wildcard Deny statements', () => {
    const outcomes = checkRule(
      IamNoWildcardActions,
      (stack) =>
        new SecretsmanagerSecretPolicy(stack, 'p', {
          secretArn: 'arn',
          policy: doc(
            {
              Sid: 'Read',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/r` },
              Action: 'secretsmanager:GetSecretValue',
              Resource: '*',
            },
            {
              Sid: 'Keys',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/r` },
              Action: 'secretsmanager:Describe*',
              Resource: '*',
            },
            { Sid: 'DenyOthers', Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*', Resource: '*' },
          ),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret_policy.p')).toEqual({ status: 'compliant' });
  });

  it('rejects "Action": "*" in a role policy', () => {
    const outcomes = checkRule(
      IamNoWildcardActions,
      (stack) =>
        new IamRolePolicy(stack, 'p', {
          role: 'r',
          policy: doc({ Sid: 'Admin', Effect: 'Allow', Action: '*', Resource: '*' }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role_policy.p')).toEqual(
      nonCompliantWith(/policy statement "Admin" allows "\*"/),
    );
  });

  it('rejects service:* in a key policy', () => {
    const outcomes = checkRule(
      IamNoWildcardActions,
      (stack) =>
        new KmsKey(stack, 'k', {
          policy: doc({
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: ['kms:*'],
            Resource: '*',
          }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_kms_key.k')).toEqual(nonCompliantWith(/statement #1 allows "kms:\*"/));
  });

  it('rejects Allow with NotAction, which grants everything else', () => {
    const outcomes = checkRule(
      IamNoWildcardActions,
      (stack) =>
        new IamRolePolicy(stack, 'p', {
          role: 'r',
          policy: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role_policy.p')).toEqual(nonCompliantWith(/everything except NotAction/));
  });
  it('cannot decide an allowed action given as a Terraform expression (it could be "*")', () => {
    const outcomes = checkRule(
      IamNoWildcardActions,
      (stack) =>
        new IamRolePolicy(stack, 'p', {
          role: 'r',
          policy: doc({ Sid: 'Some', Effect: 'Allow', Action: '${var.action}', Resource: 'arn:aws:sqs:eu-west-1:1:q' }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role_policy.p')).toEqual(unresolvedWith(/policy statement "Some" Action/));
  });
});
