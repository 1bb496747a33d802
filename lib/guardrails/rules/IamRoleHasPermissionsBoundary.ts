import { compliant, defineRule, nonCompliant } from '../rule';

/** Every role carries the environment's permissions boundary: the ceiling no policy of the role can exceed. */
export const IamRoleHasPermissionsBoundary = defineRule({
  id: 'IamRoleHasPermissionsBoundary',
  severity: 'error',
  resourceTypes: ['aws_iam_role'],
  enforces: 'every role carries the environment permissions boundary',
  fix: 'set permissionsBoundary: the environment boundary ARN (SecurityOutputs.permissionsBoundaryArn); BoundedRole does',
  check(role) {
    const bounded = role.isSet('permissions_boundary', {
      // An expression that may be empty still names some boundary when it is not, which is what this rule enforces;
      // which policy it is, the deploy role's own boundary decides (it may only create roles with the environment
      // boundary), so the value may pass, listed in the summary.
      mayPass: true,
      fix: 'pass SecurityOutputs.permissionsBoundaryArn so the reference leads to the boundary policy of the app',
    });
    if (bounded) return compliant;
    return nonCompliant(
      'the role has no permissions boundary, so its policies alone decide what it can do',
      'create it with BoundedRole, or set permissionsBoundary: props.security.permissionsBoundaryArn on the IamRole',
    );
  },
});
