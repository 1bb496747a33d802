import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRoleTrustScoped } from '../../../../lib/guardrails/rules/IamRoleTrustScoped';
import { ACCOUNT, checkRule, doc, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

const root = `arn:aws:iam::${ACCOUNT}:root`;

describe('IamRoleTrustScoped', () => {
  it('accepts trust in named roles, and in the account root narrowed by aws:PrincipalArn', () => {
    const outcomes = checkRule(IamRoleTrustScoped, (stack) => {
      new IamRole(stack, 'named', {
        assumeRolePolicy: doc({
          Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/ci`] },
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
        }),
      });
      new IamRole(stack, 'narrowed', {
        assumeRolePolicy: doc({
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: 'sts:AssumeRole',
          Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/ops-*` } },
        }),
      });
    });

    expect(outcomeOf(outcomes, 'aws_iam_role.named')).toEqual({ status: 'compliant' });
    expect(outcomeOf(outcomes, 'aws_iam_role.narrowed')).toEqual({ status: 'compliant' });
  });

  it('rejects trust in a whole account without a condition', () => {
    const outcomes = checkRule(
      IamRoleTrustScoped,
      (stack) =>
        new IamRole(stack, 'r', {
          assumeRolePolicy: doc({
            Sid: 'Account',
            Effect: 'Allow',
            Principal: { AWS: [root] },
            Action: 'sts:AssumeRole',
          }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role.r')).toEqual(
      nonCompliantWith(/"Account" lets any principal of arn:aws:iam::111111111111:root assume/),
    );
  });
  it('accepts trust in a role given as a reference to its ARN', () => {
    const outcomes = checkRule(IamRoleTrustScoped, (stack) => {
      const caller = new IamRole(stack, 'caller', {
        assumeRolePolicy: doc({
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
        }),
      });
      new IamRole(stack, 'r', {
        assumeRolePolicy: doc({ Effect: 'Allow', Principal: { AWS: caller.arn }, Action: 'sts:AssumeRole' }),
      });
    });

    expect(outcomeOf(outcomes, 'aws_iam_role.r')).toEqual({ status: 'compliant' });
  });

  it('cannot decide an unnarrowed principal given as another expression (it could be an account root)', () => {
    const outcomes = checkRule(
      IamRoleTrustScoped,
      (stack) =>
        new IamRole(stack, 'r', {
          assumeRolePolicy: doc({ Effect: 'Allow', Principal: { AWS: '${var.trusted}' }, Action: 'sts:AssumeRole' }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role.r')).toEqual(unresolvedWith(/Principal\.AWS is \["\$\{var\.trusted\}"\]/));
  });
});
