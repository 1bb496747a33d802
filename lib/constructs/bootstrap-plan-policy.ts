// What the pull-request plan role may do: read every stack's state (and decrypt it with the state key) and read
// what refreshing the project's resource types reads (the `read` actions of lib/delivery-permissions/, on every
// environment of the account), so `cdktf diff` can refresh them, and nothing else. It writes nothing: not even
// a lock file (the diff job runs `terraform plan -lock=false`). It never reads a secret value; it can read the
// SecureString settings parameter, which holds non-secret settings, because Terraform refreshes a parameter by
// reading its value.
import { planStatementsFor } from '../delivery-permissions';
import type { PermissionTable } from '../delivery-permissions/types';
import { ConstructInputError } from './construct-error';
import type { PolicyStatement } from './policy-document';

/** Props of the plan role's permissions (one role per account, for every environment in it). */
export interface PlanPermissionsProps {
  /** Project name: the plan role reads only this project's state. */
  readonly project: string;
  /** Account the plan role reads. */
  readonly accountId: string;
  /** Region the plan role reads. */
  readonly region: string;
  /** ARN of the state bucket. */
  readonly stateBucketArn: string;
  /** ARN of the state bucket's KMS key. */
  readonly stateKeyArn: string;
  /** Terraform resource types (and `data.` sources) of every environment of the account. */
  readonly resourceTypes: ReadonlySet<string>;
  /** Entries beyond the table's files, to measure a larger app's policies (see planStatementsFor). @default none */
  readonly extraPermissions?: PermissionTable;
}

/** The plan role's own policy: the state, and what refreshing the account's resource types reads. */
export function planRoleStatements(props: PlanPermissionsProps): PolicyStatement[] {
  const { project, accountId, region, stateBucketArn, stateKeyArn } = props;
  const scope = { project, environment: '*', namePrefix: `${project}-*`, accountId, region };
  return [
    { Sid: 'ReadProjectState', Action: ['s3:GetObject'], Resource: `${stateBucketArn}/${project}/*` },
    { Sid: 'ListStateBucket', Action: ['s3:ListBucket'], Resource: stateBucketArn },
    {
      Sid: 'DecryptStateThroughS3',
      Action: ['kms:Decrypt'],
      Resource: stateKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
    },
    ...planStatementsFor(props.resourceTypes, scope, props.extraPermissions),
  ];
}

/** The verbs a read names: the plan role's boundary refuses to carry any other action. */
const READ_ACTION = /^[a-z0-9-]+:(Get|List|Describe|View)[A-Za-z0-9*]*$/;
/** Decrypting is how the plan role reads state, parameters and function settings (each through one service). */
const READ_EXCEPTIONS = ['kms:Decrypt'];

/** Throws when `actions` holds anything but a read: the plan role's ceiling must stay read-only whatever the table says. */
export function assertReadOnly(actions: readonly string[]): void {
  const writes = actions.filter((action) => !READ_ACTION.test(action) && !READ_EXCEPTIONS.includes(action));
  if (writes.length > 0) {
    throw new ConstructInputError(
      `the plan role may only read, but its policy would carry ${writes.join(', ')}: list those actions under create, update, delete or tag in lib/delivery-permissions/, not under read`,
    );
  }
}

/**
 * The plan role's permissions boundary: exactly the read calls of its policy, Get and similar calls only on this
 * account's resources, Describe and List calls on `*`, never a secret value, and never any action that is not a read
 * (checked here, so a table entry that lists a write under `read` stops synth).
 */
export function planBoundaryStatements(props: PlanPermissionsProps): PolicyStatement[] {
  const statements = planRoleStatements(props);
  const actionsOf = (list: PolicyStatement[]) => [...new Set(list.flatMap((s) => [s.Action].flat()))].sort();
  assertReadOnly(actionsOf(statements));
  return [
    {
      Sid: 'CeilingIsReadingThisAccount',
      Action: actionsOf(statements.filter((s) => s.Resource !== '*')),
      Resource: resourceCeiling(statements, props.accountId, props.stateBucketArn),
    },
    { Sid: 'CeilingIsDescribeAndList', Action: actionsOf(statements.filter((s) => s.Resource === '*')), Resource: '*' },
    { Sid: 'DenyReadingSecretValues', Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
  ];
}

/**
 * The resource ceiling of the plan role's boundary over `statements`: every service's ARNs of this account (and region) that the
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
