// Terraform's own data sources: reading another stack's outputs needs only the state access every stack has.
import type { PermissionTable } from './types';

export const terraformPermissions: PermissionTable = {
  'data.terraform_remote_state': { sid: 'ReadUpstreamStacks', resources: () => [] },
};
