import { isSet } from '../attributes';
import { compliant, defineRule, nonCompliant } from '../rule';

/** Every role carries the environment's permissions boundary: the ceiling no policy of the role can exceed. */
export const IamRoleHasPermissionsBoundary = defineRule({
  id: 'IamRoleHasPermissionsBoundary',
  severity: 'error',
  resourceTypes: ['aws_iam_role'],
  enforces: 'every role carries the environment permissions boundary',
  fix: 'set permissionsBoundary: the environment boundary ARN (SecurityOutputs.permissionsBoundaryArn); BoundedRole does',
  check({ attributes }) {
    if (isSet(attributes.permissions_boundary)) return compliant;
    return nonCompliant(
      'the role has no permissions boundary, so its policies alone decide what it can do',
      'create it with BoundedRole, or set permissionsBoundary: props.security.permissionsBoundaryArn on the IamRole',
    );
  },
});
