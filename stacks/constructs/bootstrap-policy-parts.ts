// What the pipeline roles' boundaries share. (The roles' own policies come from the table in
// stacks/delivery-permissions/.)
import type { PolicyStatement } from './policy-document';

/**
 * The resource ceiling of a boundary over `statements`: every service's ARNs of this account (and region) that the
 * statements name, resources outside any account as named (the region's EC2 resources, AWS-managed hosted zones),
 * and the state bucket with its objects.
 */
export function resourceCeiling(
  statements: readonly PolicyStatement[],
  accountId: string,
  stateBucketArn: string,
): string[] {
  const ceiling = new Set<string>();
  for (const resource of statements.flatMap((s) => [s.Resource ?? []].flat())) {
    const arn = /^(arn:aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}):/.exec(resource);
    if (arn) {
      if (arn[4] === accountId) ceiling.add(`${arn[1]}:${arn[2]}:${arn[3]}:${accountId}:*`);
    } else if (resource !== '*' && !resource.includes('${')) ceiling.add(resource);
  }
  return [...[...ceiling].sort(), stateBucketArn, `${stateBucketArn}/*`];
}
