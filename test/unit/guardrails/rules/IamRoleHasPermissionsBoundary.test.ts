import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRoleHasPermissionsBoundary } from '../../../../lib/guardrails/rules/IamRoleHasPermissionsBoundary';
import { ACCOUNT, checkRule, doc, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

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
  it('accepts a boundary given as a reference to a policy of the app', () => {
    const outcomes = checkRule(IamRoleHasPermissionsBoundary, (stack) => {
      const boundary = new IamPolicy(stack, 'boundary', {
        name: 'b',
        policy: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }),
      });
      new IamRole(stack, 'r', { assumeRolePolicy: trust, permissionsBoundary: boundary.arn });
    });

    expect(outcomeOf(outcomes, 'aws_iam_role.r')).toEqual({ status: 'compliant' });
  });

  it('cannot decide which policy a boundary expression names, and lets it pass (a boundary is set)', () => {
    const outcomes = checkRule(
      IamRoleHasPermissionsBoundary,
      (stack) => new IamRole(stack, 'r', { assumeRolePolicy: trust, permissionsBoundary: '${var.boundary_arn}' }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role.r')).toEqual(unresolvedWith(/permissions_boundary/, true));
  });
});
