import { actionMatches, grants, hasWildcardPrincipal, policiesIn } from '../../../lib/guardrails/policy';
import { doc } from './fixture';

describe('policiesIn', () => {
  it('finds policy documents at any depth and normalises string fields to lists', () => {
    const attributes = {
      name: 'role',
      assume_role_policy: doc({
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
      inline_policy: [
        { name: 'x', policy: doc({ Sid: 'Read', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' }) },
      ],
    };

    const { policies, unreadable } = policiesIn(attributes);

    expect(unreadable).toEqual([]);
    expect(policies.map((p) => p.attribute)).toEqual(['assume_role_policy', 'inline_policy[0].policy']);
    expect(policies[0]?.statements[0]).toMatchObject({
      effect: 'Allow',
      principal: { Service: ['lambda.amazonaws.com'] },
      actions: ['sts:AssumeRole'],
      resources: [],
    });
    expect(policies[1]?.statements[0]).toMatchObject({ sid: 'Read', effect: 'Allow', resources: ['arn:aws:s3:::b/*'] });
  });

  it('reports policy attributes that are Terraform expressions rather than documents', () => {
    const { policies, unreadable } = policiesIn({ policy: '${data.aws_iam_policy_document.x.json}' });

    expect(policies).toEqual([]);
    expect(unreadable).toEqual(['policy']);
  });

  it('ignores JSON strings that are not policies (redrive policies, parameter values)', () => {
    const { policies, unreadable } = policiesIn({ redrive_policy: '{"maxReceiveCount":3}', value: '{"a":1}' });

    expect(policies).toEqual([]);
    expect(unreadable).toEqual([]);
  });
});

describe('action matching', () => {
  it('matches IAM wildcards case-insensitively', () => {
    expect(actionMatches('kms:Decrypt*', 'kms:DecryptSomething')).toBe(true);
    expect(actionMatches('KMS:decrypt', 'kms:Decrypt')).toBe(true);
    expect(actionMatches('kms:Re?ncrypt*', 'kms:ReEncryptFrom')).toBe(true);
    expect(actionMatches('kms:Encrypt', 'kms:Decrypt')).toBe(false);
  });

  it('treats Allow with NotAction as granting everything not listed', () => {
    const [statement] = policiesIn({ policy: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }).policies[0]
      ?.statements ?? [undefined];
    if (!statement) throw new Error('no statement parsed');

    expect(grants(statement, 'kms:Decrypt')).toBe(true);
    expect(grants(statement, 'iam:CreateUser')).toBe(false);
  });

  it('recognises "*" and AWS "*" as wildcard principals', () => {
    const statements =
      policiesIn({
        policy: doc(
          { Effect: 'Allow', Principal: '*', Action: 'x:Y' },
          { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111111111111:root', '*'] }, Action: 'x:Y' },
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'x:Y' },
        ),
      }).policies[0]?.statements ?? [];

    expect(statements.map(hasWildcardPrincipal)).toEqual([true, true, false]);
  });
});
