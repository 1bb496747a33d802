// Parts both pipeline roles' policies share. `terraform plan` refreshes every resource of a stack, so both roles
// read the same things; both boundaries cap resources at the same account-wide ARN patterns.
import { arnPrefix } from '../../config/regions';

/**
 * Describe and list calls granted on `*` to the deploy and plan roles: they have no resource-level permissions in
 * IAM (EC2 and RDS Describe*, kms:ListAliases, ssm:DescribeParameters) or list across the account
 * (logs:DescribeLogGroups), and return metadata, never a secret value or an object body.
 */
export const DESCRIBE_WITHOUT_RESOURCE_SCOPE = [
  'ec2:Describe*',
  'rds:Describe*',
  'kms:ListAliases',
  'ssm:DescribeParameters',
  'logs:DescribeLogGroups',
] as const;

/** Read calls on functions (configuration, policy, concurrency, URL, tags), never an invocation. */
export const LAMBDA_READ_ACTIONS = [
  'lambda:GetFunction*',
  'lambda:GetPolicy',
  'lambda:GetRuntimeManagementConfig',
  'lambda:ListVersionsByFunction',
  'lambda:ListTags',
] as const;

/** Read calls on keys Terraform makes to refresh a key and its rotation. */
export const KMS_READ_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListResourceTags',
  'kms:ListKeyRotations',
] as const;

/** Read calls on roles and managed policies. */
export const IAM_READ_ACTIONS = [
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:ListRoleTags',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListPolicyVersions',
  'iam:ListPolicyTags',
] as const;

/** Services whose resources the stacks manage; the boundaries allow nothing outside their ARNs in the account. */
export const MANAGED_SERVICES = ['kms', 'logs', 'lambda', 'sqs', 'secretsmanager', 'ssm', 'rds'] as const;

/**
 * ARN patterns of everything of this account and region in `services`, plus IAM (global) and the state bucket:
 * the resource ceiling of a boundary.
 */
export function accountResourceCeiling(
  services: readonly string[],
  accountId: string,
  region: string,
  stateBucketArn: string,
): string[] {
  return [
    ...services.map((service) => `${arnPrefix(region)}:${service}:${region}:${accountId}:*`),
    `${arnPrefix(region)}:iam::${accountId}:*`,
    stateBucketArn,
    `${stateBucketArn}/*`,
  ];
}
