import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRoleHasPermissionsBoundary } from '../../../../stacks/guardrails/rules/IamRoleHasPermissionsBoundary';
import { ACCOUNT, checkRule, doc, nonCompliantWith, outcomeOf } from '../fixture';

const trust = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });

describe('IamRoleHasPermissionsBoundary', () => {
  it('accepts a role with a permissions boundary', () => {
    const outcomes = checkRule(
      IamRoleHasPermissionsBoundary,
      (stack) =>
        new IamRole(stack, 'r', {
          assumeRolePolicy: trust,
          permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/acme-dev-boundary`,
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role.r')).toEqual({ status: 'compliant' });
  });

  it('rejects a role without one', () => {
    const outcomes = checkRule(
      IamRoleHasPermissionsBoundary,
      (stack) => new IamRole(stack, 'r', { assumeRolePolicy: trust }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role.r')).toEqual(nonCompliantWith(/no permissions boundary/));
  });
});
