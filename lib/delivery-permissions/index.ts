// The deploy role's policy and the plan role's read policy, derived from the Terraform resource types the app
// synthesizes and the table of their permissions: one file per AWS service in this folder. A type the table lacks
// stops synth, naming the type and the file to edit, so a new kind of resource is learnt at synth, not at deploy.
import { TerraformDataSource, TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import type { PolicyStatement } from '../constructs/policy-document';
import { budgetsPermissions } from './budgets';
import { cloudwatchPermissions } from './cloudwatch';
import { dynamodbPermissions } from './dynamodb';
import { ec2Permissions } from './ec2';
import { eventsPermissions } from './events';
import { iamPermissions } from './iam';
import { kmsPermissions } from './kms';
import { lambdaPermissions } from './lambda';
import { logsPermissions } from './logs';
import { PermissionsTableError } from './permissions-table-error';
import { rdsPermissions } from './rds';
import { secretsmanagerPermissions } from './secretsmanager';
import { snsPermissions } from './sns';
import { sqsPermissions } from './sqs';
import { ssmPermissions } from './ssm';
import { terraformPermissions } from './terraform';
import type { PermissionScope, PermissionTable, ResourcePermissions } from './types';

export { PermissionsTableError } from './permissions-table-error';
export type { PermissionScope } from './types';

/** Every file of the table, by the name the error message points to. */
export const PERMISSION_FILES: Readonly<Record<string, PermissionTable>> = {
  budgets: budgetsPermissions,
  cloudwatch: cloudwatchPermissions,
  dynamodb: dynamodbPermissions,
  ec2: ec2Permissions,
  events: eventsPermissions,
  iam: iamPermissions,
  kms: kmsPermissions,
  lambda: lambdaPermissions,
  logs: logsPermissions,
  rds: rdsPermissions,
  secretsmanager: secretsmanagerPermissions,
  sns: snsPermissions,
  sqs: sqsPermissions,
  ssm: ssmPermissions,
  terraform: terraformPermissions,
};

/** Where the table lives, relative to the project root. */
export const PERMISSIONS_DIR = 'lib/delivery-permissions';

const TABLE: ReadonlyMap<string, ResourcePermissions> = new Map(
  Object.values(PERMISSION_FILES).flatMap((table) => Object.entries(table)),
);

/** Provider type prefixes whose file name differs from the first word of the type. */
const FILE_OF_PREFIX: Readonly<Record<string, string>> = {
  aws_cloudwatch_log: 'logs',
  aws_cloudwatch_event: 'events',
  aws_default: 'ec2',
  aws_vpc: 'ec2',
  aws_subnet: 'ec2',
  aws_route: 'ec2',
  aws_security_group: 'ec2',
  aws_flow_log: 'ec2',
  aws_db: 'rds',
  aws_availability: 'ec2',
  terraform: 'terraform',
};

/** The file an entry for `type` belongs in: the service's file (`aws_sns_topic` -> sns.ts). */
export function permissionFileFor(type: string): string {
  const bare = type.replace(/^data\./, '');
  const prefix = Object.keys(FILE_OF_PREFIX)
    .filter((p) => bare.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  const service = prefix ? FILE_OF_PREFIX[prefix] : bare.replace(/^aws_/, '').split('_')[0];
  return `${PERMISSIONS_DIR}/${service}.ts`;
}

/**
 * The table's entries for `types`; PermissionsTableError naming each missing type. `extra` adds entries beyond the
 * table's files: it is how the size test and bench/policy-sizes.mjs measure the policies of a larger app (a team's
 * own entries belong in the files, where this error points).
 */
function entriesFor(types: Iterable<string>, extra: PermissionTable = {}): ResourcePermissions[] {
  const table = new Map([...TABLE, ...Object.entries(extra)]);
  const sorted = [...new Set(types)].sort();
  const missing = sorted.filter((type) => !table.has(type));
  if (missing.length > 0) {
    throw new PermissionsTableError(
      missing.map((type) => ({ type, file: permissionFileFor(type) })),
      PERMISSIONS_DIR,
    );
  }
  return sorted.map((type) => table.get(type) as ResourcePermissions);
}

const listOf = (value: string | readonly string[] | undefined): string[] => (value === undefined ? [] : [value].flat());

/**
 * Statements with the same Sid become one: their actions (and condition values) are joined. They must name the
 * same resources, so joining never lets one entry's actions reach another entry's resources.
 */
export function mergeStatements(statements: readonly PolicyStatement[]): PolicyStatement[] {
  const bySid = new Map<string, PolicyStatement>();
  for (const statement of statements) {
    const current = bySid.get(statement.Sid);
    if (!current) {
      bySid.set(statement.Sid, statement);
      continue;
    }
    const resources = (s: PolicyStatement) => JSON.stringify(listOf(s.Resource).sort());
    if (resources(current) !== resources(statement) || current.Effect !== statement.Effect) {
      throw new Error(
        `deploy permissions: statements ${statement.Sid} name different resources; give them their own Sid`,
      );
    }
    const condition: Record<string, Record<string, string | boolean | readonly string[]>> = {};
    for (const source of [current.Condition, statement.Condition]) {
      for (const [operator, entries] of Object.entries(source ?? {})) {
        for (const [key, value] of Object.entries(entries)) {
          const existing = condition[operator]?.[key];
          const joined =
            existing === undefined
              ? value
              : typeof value === 'boolean' || typeof existing === 'boolean'
                ? value
                : [...new Set([...listOf(existing as string | readonly string[]), ...listOf(value)])];
          condition[operator] = { ...condition[operator], [key]: joined };
        }
      }
    }
    bySid.set(statement.Sid, {
      ...current,
      Action: [...new Set([...listOf(current.Action), ...listOf(statement.Action)])],
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    });
  }
  return [...bySid.values()].map((s) => ({
    ...s,
    Action: [...new Set(listOf(s.Action))].sort(),
    ...(s.Condition ? { Condition: normalizeCondition(s.Condition) } : {}),
  }));
}

/** Condition values as IAM reads them: a one-element list as a string, lists sorted. */
function normalizeCondition(condition: NonNullable<PolicyStatement['Condition']>): PolicyStatement['Condition'] {
  return Object.fromEntries(
    Object.entries(condition).map(([operator, entries]) => [
      operator,
      Object.fromEntries(
        Object.entries(entries).map(([key, value]) => {
          if (typeof value === 'string' || typeof value === 'boolean') return [key, value];
          const values = [...new Set(value)].sort();
          return [key, values.length === 1 ? (values[0] as string) : values];
        }),
      ),
    ]),
  );
}

/** Describe and List calls without resource-level permissions, on `*`. */
function withoutResource(entries: readonly ResourcePermissions[]): PolicyStatement[] {
  const all = [...new Set(entries.flatMap((e) => e.readWithoutResource ?? []))].sort();
  // An action a wildcard of the list already covers (ec2:DescribeSubnets under ec2:Describe*) is left out.
  const wildcards = all.filter((a) => a.endsWith('*')).map((a) => a.slice(0, -1));
  const actions = all.filter((a) => a.endsWith('*') || !wildcards.some((w) => a.startsWith(w)));
  return actions.length > 0 ? [{ Sid: 'DescribeResourcesWithoutResourceScope', Action: actions, Resource: '*' }] : [];
}

/** The Terraform resource types (and `data.` source types) of the stacks under `scopes`. */
export function resourceTypesIn(scopes: readonly Construct[]): Set<string> {
  const types = new Set<string>();
  for (const node of scopes.flatMap((scope) => scope.node.findAll())) {
    if (node instanceof TerraformDataSource) types.add(`data.${node.terraformResourceType}`);
    else if (node instanceof TerraformResource) types.add(node.terraformResourceType);
  }
  return types;
}

/** Throws PermissionsTableError naming every type of `types` the table lacks, and the file to add it to. */
export function assertPermissionsCover(types: Iterable<string>): void {
  entriesFor(types);
}

/** What the deploy role of `scope`'s environment needs for the resource types of its stacks. */
export function deployStatementsFor(
  types: Iterable<string>,
  scope: PermissionScope,
  extra: PermissionTable = {},
): PolicyStatement[] {
  const entries = entriesFor(types, extra);
  const lifecycle = entries.flatMap((entry): PolicyStatement[] => {
    const actions = [entry.create, entry.read, entry.update, entry.delete, entry.tag].flatMap((a) => a ?? []);
    const resources = entry.resources(scope);
    if (actions.length === 0 || resources.length === 0) return [];
    return [{ Sid: entry.sid, Action: actions, Resource: [...resources], Condition: entry.condition?.(scope) }];
  });
  const dependents = entries.flatMap((entry) => entry.dependents?.(scope) ?? []);
  return [...withoutResource(entries), ...mergeStatements([...lifecycle, ...dependents])].map(dropEmptyCondition);
}

/** What the plan role needs to refresh the resource types of every environment of its account (scope `*`). */
export function planStatementsFor(
  types: Iterable<string>,
  scope: PermissionScope,
  extra: PermissionTable = {},
): PolicyStatement[] {
  const entries = entriesFor(types, extra);
  const reads = entries.flatMap((entry): PolicyStatement[] => {
    const resources = entry.resources(scope);
    if (!entry.read?.length || resources.length === 0) return [];
    return [
      {
        Sid: `Read${entry.sid.replace(/^(Manage|Administer)/, '')}`,
        Action: entry.read,
        Resource: [...resources],
        Condition: entry.condition?.(scope),
      },
    ];
  });
  const dependents = entries.flatMap((entry) => entry.planDependents?.(scope) ?? []);
  return [...withoutResource(entries), ...mergeStatements([...reads, ...dependents])].map(dropEmptyCondition);
}

function dropEmptyCondition(statement: PolicyStatement): PolicyStatement {
  const { Condition, ...rest } = statement;
  const resource = listOf(statement.Resource);
  return {
    ...rest,
    Resource: resource.length === 1 ? (resource[0] as string) : resource,
    ...(Condition && Object.keys(Condition).length > 0 ? { Condition } : {}),
  };
}

/** A scope only for finding which file writes which Sid (the Sids do not depend on it). */
const ANY_SCOPE: PermissionScope = {
  project: 'p',
  environment: 'e',
  namePrefix: 'p-e',
  accountId: '000000000000',
  region: 'us-east-1',
};

/**
 * The files of the table whose entries for `types` write `statements` (by their Sids), for an error that must say where to go; the table's
 * folder when a Sid is not the table's (the pipeline's own state statements).
 */
export function permissionSourcesOf(
  statements: readonly PolicyStatement[],
  types: Iterable<string>,
  extra: PermissionTable = {},
): string {
  const inUse = new Set(types);
  const files = new Set<string>();
  const tables: [string, PermissionTable][] = [...Object.entries(PERMISSION_FILES), ['(extra entries)', extra]];
  for (const { Sid } of statements) {
    for (const [file, table] of tables) {
      for (const [type, entry] of Object.entries(table)) {
        if (!inUse.has(type)) continue;
        const sids = [
          entry.sid,
          `Read${entry.sid.replace(/^(Manage|Administer)/, '')}`,
          ...(entry.readWithoutResource?.length ? ['DescribeResourcesWithoutResourceScope'] : []),
          ...[...(entry.dependents?.(ANY_SCOPE) ?? []), ...(entry.planDependents?.(ANY_SCOPE) ?? [])].map((s) => s.Sid),
        ];
        if (sids.includes(Sid)) files.add(file.startsWith('(') ? file : `${PERMISSIONS_DIR}/${file}.ts`);
      }
    }
  }
  return files.size > 0 ? [...files].sort().join(', ') : `${PERMISSIONS_DIR}/`;
}
