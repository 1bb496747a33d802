import type { TerraformResource } from 'cdktf';

/**
 * Pins `resource` to the Terraform address it had before a refactor moved it into a new construct, so the next
 * deploy keeps it instead of replacing it (a function URL replaced is a new URL for every sender). `legacyId`
 * is the id the resource had directly under its stack; cdktf uses such ids unchanged as the resource name.
 */
export function keepAddress(resource: TerraformResource, legacyId: string): void {
  resource.overrideLogicalId(legacyId);
}
