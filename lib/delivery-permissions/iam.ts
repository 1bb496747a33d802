// IAM: the roles of the environment's functions and flow logs. Creating a role, or writing its policies, is allowed
// only while the role carries the environment boundary, which the bootstrap stack owns.
import { environmentBoundaryArn } from '../config/delivery';
import { arnPrefix } from '../config/regions';
import type { PermissionScope, PermissionTable } from './types';

const roles = (scope: PermissionScope) => [
  `${arnPrefix(scope.region)}:iam::${scope.accountId}:role/${scope.namePrefix}-*`,
];

/** Calls that carry iam:PermissionsBoundary: allowed only with the environment boundary. */
function underEnvironmentBoundary(scope: PermissionScope, actions: readonly string[]) {
  return {
    Sid: 'ChangeRolesOnlyUnderEnvironmentBoundary',
    Action: actions,
    Resource: roles(scope),
    Condition: {
      StringEquals: {
        'iam:PermissionsBoundary': environmentBoundaryArn(
          scope.accountId,
          scope.project,
          scope.environment,
          scope.region,
        ),
      },
    },
  };
}

export const iamPermissions: PermissionTable = {
  aws_iam_role: {
    sid: 'ManageEnvironmentRoles',
    resources: roles,
    read: ['iam:GetRole', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:ListRoleTags'],
    update: ['iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy'],
    delete: ['iam:DeleteRole', 'iam:ListInstanceProfilesForRole'],
    tag: ['iam:TagRole', 'iam:UntagRole'],
    dependents: (scope) => [underEnvironmentBoundary(scope, ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'])],
  },
  aws_iam_role_policy: {
    sid: 'ManageEnvironmentRoles',
    resources: roles,
    read: ['iam:GetRolePolicy'],
    dependents: (scope) => [underEnvironmentBoundary(scope, ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'])],
  },
};
