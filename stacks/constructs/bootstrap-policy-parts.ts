// Parts the pipeline roles' boundaries share: the account-wide ARN patterns the plan role's boundary caps resources at.
// (The roles' own policies come from the table in stacks/delivery-permissions/.)

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
    ...services.map((service) => `arn:aws:${service}:${region}:${accountId}:*`),
    `arn:aws:iam::${accountId}:*`,
    stateBucketArn,
    `${stateBucketArn}/*`,
  ];
}
