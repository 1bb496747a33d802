import { isExpression, isSet } from '../attributes';
import { compliant, defineRule, nonCompliant, unresolved } from '../rule';

/** Every role carries the environment's permissions boundary: the ceiling no policy of the role can exceed. */
export const IamRoleHasPermissionsBoundary = defineRule({
  id: 'IamRoleHasPermissionsBoundary',
  severity: 'error',
  resourceTypes: ['aws_iam_role'],
  enforces: 'every role carries the environment permissions boundary',
  fix: 'set permissionsBoundary: the environment boundary ARN (SecurityOutputs.permissionsBoundaryArn); BoundedRole does',
  check({ attributes }, context) {
    const boundary = attributes.permissions_boundary;
    if (isExpression(boundary) && !context.referenced(boundary, 'aws_iam_policy')) {
      // Some boundary is set, which is what this rule enforces; which policy it is, the deploy role's own
      // boundary decides (it may only create roles with the environment boundary), so the value may pass.
      return unresolved('permissions_boundary', boundary, {
        fix: 'pass SecurityOutputs.permissionsBoundaryArn so the reference leads to the boundary policy of the app',
        mayPass: true,
      });
    }
    if (isSet(boundary)) return compliant;
    return nonCompliant(
      'the role has no permissions boundary, so its policies alone decide what it can do',
      'create it with BoundedRole, or set permissionsBoundary: props.security.permissionsBoundaryArn on the IamRole',
    );
  },
});
