// What an environment's deploy role may do: the state of its own stacks, plus what the resource types its stacks
// synthesize need, from the table in lib/delivery-permissions/ (one file per AWS service; see the comments
// there for what is broad and why, e.g. EC2 network calls on the whole region). Its permissions boundary is the
// ceiling no later edit of the policy can exceed.
//
// Roles: it creates and edits roles named `<project>-<env>-*` only while they carry the environment boundary,
// which the bootstrap stack owns under the IAM path /delivery/: the role can neither change that boundary nor
// touch the pipeline's own roles, policies or the OIDC provider, nor remove a boundary. So every role it makes
// stays under a ceiling only an administrator can raise.
import { DELIVERY_IAM_PATH, environmentBoundaryArn } from '../config/delivery';
import { arnPrefix } from '../config/regions';
import { deployStatementsFor } from '../delivery-permissions';
import { CREATE_EVENT_SOURCE_MAPPING_SID } from '../delivery-permissions/lambda';
import type { PlanPermissionsProps } from './bootstrap-plan-policy';
import type { PolicyStatement } from './policy-document';

/**
 * Props of one environment's deploy permissions: the plan role's (state bucket and key, account, region, the resource
 * types, here those of this environment's stacks), plus the environment the role deploys.
 */
export interface DeployPermissionsProps extends PlanPermissionsProps {
  /** Environment the deploy role deploys: it may touch only this project's resources of it. */
  readonly environment: string;
}

/** Statement ids of calls that name no resource and so take `Resource: "*"` beyond Describe and List calls. */
export const DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE = [
  'CreateEnvironmentKeyWithItsTags',
  CREATE_EVENT_SOURCE_MAPPING_SID,
];

/** The deploy role's own policy. */
export function deployRoleStatements(props: DeployPermissionsProps): PolicyStatement[] {
  const { project, environment: env, accountId, region, stateBucketArn, stateKeyArn } = props;
  const scope = { project, environment: env, namePrefix: `${project}-${env}`, accountId, region };
  return [
    // State: the keys of this environment's stacks (`<project>/<env>-<layer>.tfstate` and its lock file) only.
    {
      Sid: 'ReadAndWriteOwnState',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: `${stateBucketArn}/${project}/${env}-*`,
    },
    {
      Sid: 'ReleaseOwnStateLocks',
      Action: ['s3:DeleteObject'],
      Resource: `${stateBucketArn}/${project}/${env}-*.tflock`,
    },
    { Sid: 'ListStateBucket', Action: ['s3:ListBucket'], Resource: stateBucketArn },
    {
      Sid: 'UseStateKeyThroughS3',
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: stateKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
    },
    ...deployStatementsFor(props.resourceTypes, scope, props.extraPermissions),
  ];
}

/** Read calls that return data rather than metadata; the deploy role never needs them. */
const DATA_READS = [
  'secretsmanager:GetSecretValue',
  'logs:GetLogEvents',
  'logs:GetLogRecord',
  'logs:GetQueryResults',
  'logs:FilterLogEvents',
];

/**
 * Services the boundary lists action by action, as the role's policy does: S3, whose only bucket in the ceiling is
 * the state bucket. (IAM gets `iam:*` on the IAM resources the policy names, its own statement.)
 */
const EXACT_SERVICES = ['s3'];

/** Calls that run code or open a shell with some role's credentials; the deploy role deploys code only to Lambda. */
const RUN_CODE_ACTIONS = ['ec2:RunInstances', 'ec2:*IamInstanceProfile*', 'ssm:SendCommand', 'ssm:StartSession'];

const serviceOf = (action: string) => action.split(':')[0] ?? '';
const listOf = (value: string | readonly string[] | undefined) => (value === undefined ? [] : [value].flat());
const actionsOf = (list: readonly PolicyStatement[]) => [...new Set(list.flatMap((s) => listOf(s.Action)))].sort();

/** The boundary's Allow: `service:*` for the services in use (exact actions for EXACT_SERVICES), IAM left out. */
export function ceilingActions(actions: readonly string[]): string[] {
  const services = [...new Set(actions.map(serviceOf))].filter((s) => s !== 'iam');
  const wildcards = services.filter((s) => !EXACT_SERVICES.includes(s)).map((s) => `${s}:*`);
  const exact = actions.filter((a) => EXACT_SERVICES.includes(serviceOf(a)));
  return [...new Set([...wildcards, ...exact])].sort();
}

/**
 * The deploy role's permissions boundary, written to stay small however many resource types the app uses (see
 * docs/pipeline-policies.md): it allows each service the role's policy uses (`lambda:*`; S3 action by action) on
 * this account's and region's ARNs, `iam:*` on the IAM resources the policy names (its environment's roles), and
 * denies by name what would let the role escape its environment: the pipeline's roles and policies (path
 * /delivery/), the OIDC provider, roles without the environment boundary or losing it, the state key, reading secret
 * values and log events, and running code outside Lambda. The least-privilege detail stays in the role's own
 * policies, whose Deny statements (keys that are not the environment's, function policies naming accounts) the
 * boundary repeats, so each layer refuses on its own.
 */
export function deployBoundaryStatements(props: DeployPermissionsProps): PolicyStatement[] {
  const { project, environment: env, accountId, region, stateBucketArn, stateKeyArn } = props;
  const statements = deployRoleStatements(props);
  const allows = statements.filter((s) => (s.Effect ?? 'Allow') === 'Allow');
  // Calls that name no resource keep "*": Describe and List calls as they are, others (kms:CreateKey) with the same
  // conditions as in the policy.
  const scoped = allows.filter((s) => s.Resource !== '*');
  const withoutResource = allows.filter((s) => s.Resource === '*');
  const describe = withoutResource.filter((s) => !DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE.includes(s.Sid));
  const conditioned = withoutResource.filter((s) => DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE.includes(s.Sid));
  const iamResources = [
    ...new Set(
      scoped.filter((s) => listOf(s.Action).some((a) => serviceOf(a) === 'iam')).flatMap((s) => listOf(s.Resource)),
    ),
  ].filter((r) => r.split(':')[2] === 'iam');
  const nonIam = scoped.filter((s) => listOf(s.Action).some((a) => serviceOf(a) !== 'iam'));
  return [
    {
      Sid: 'CeilingServicesInUse',
      Action: ceilingActions(actionsOf(nonIam)),
      Resource: accountCeiling(nonIam, accountId, region, stateBucketArn),
    },
    { Sid: 'CeilingEnvironmentRoles', Action: 'iam:*', Resource: iamResources.sort() },
    ...ceilingWithoutResource(readVerbs(actionsOf(describe)), conditioned),
    ...statements.filter((s) => s.Effect === 'Deny'),
    {
      Sid: 'DenyPipelineChanges',
      Effect: 'Deny',
      Action: 'iam:*',
      // Any account's: shorter, and the same here, since IAM calls reach only the caller's account. Every kind of
      // IAM resource under the pipeline's path (its roles and policies; nothing else of the account lives there).
      Resource: [iamArn(region, '*', `*${DELIVERY_IAM_PATH}*`), iamArn(region, '*', 'oidc-provider/*')],
    },
    {
      // Removing a boundary carries no iam:PermissionsBoundary, so the condition refuses it too.
      Sid: 'DenyRolesWithoutBoundary',
      Effect: 'Deny',
      Action: [
        'iam:CreateRole',
        'iam:*RolePermissionsBoundary',
        'iam:*tachRolePolicy',
        'iam:PutRolePolicy',
        'iam:DeleteRolePolicy',
      ],
      Resource: '*',
      Condition: {
        StringNotEquals: { 'iam:PermissionsBoundary': environmentBoundaryArn(accountId, project, env, region) },
      },
    },
    // One statement for both: the same effect on every resource, without a condition.
    { Sid: 'DenyDataReadsAndRunningCode', Effect: 'Deny', Action: [...DATA_READS, ...RUN_CODE_ACTIONS], Resource: '*' },
    {
      // Tag changes and administration of the state key are refused with every key not tagged for the environment
      // (keyOwnershipDenies, above); what is left is using it other than through S3.
      Sid: 'DenyStateKeyOutsideS3',
      Effect: 'Deny',
      Action: 'kms:*',
      Resource: stateKeyArn,
      Condition: { StringNotEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
    },
  ];
}

/**
 * The ceiling of the calls that name no resource, as one statement on `*`: the Describe and List calls, and the
 * policy's other calls without a resource (kms:CreateKey, lambda:CreateEventSourceMapping) under the policy's
 * conditions, each with IfExists. Each key is set only on the calls of its own statement (request tags on
 * kms:CreateKey and the kms:TagResource inside it, lambda:FunctionArn on CreateEventSourceMapping; a Describe or List
 * call carries neither), so the ceiling still refuses any value other than the policy's (a key with another
 * environment's tags, a mapping to another function), and the policy itself requires it. Statements without a
 * condition, or sharing a key (whose values would add up), stay apart.
 */
export function ceilingWithoutResource(
  reads: readonly string[],
  conditioned: readonly PolicyStatement[],
): PolicyStatement[] {
  const describe: PolicyStatement = { Sid: 'CeilingDescribeAndList', Action: [...reads], Resource: '*' };
  const keys = conditioned.flatMap((s) => Object.values(s.Condition ?? {}).flatMap((entries) => Object.keys(entries)));
  if (conditioned.length === 0 || conditioned.some((s) => !s.Condition) || new Set(keys).size !== keys.length) {
    return [describe, ...conditioned];
  }
  const condition: Record<string, Record<string, string | boolean | readonly string[]>> = {};
  for (const [operator, entries] of conditioned.flatMap((s) => Object.entries(s.Condition ?? {}))) {
    const ifExists = operator.endsWith('IfExists') ? operator : `${operator}IfExists`;
    condition[ifExists] = { ...condition[ifExists], ...entries };
  }
  const actions = [...reads, ...actionsOf(conditioned)].sort();
  return [{ Sid: 'CeilingCallsWithoutResource', Action: actions, Resource: '*', Condition: condition }];
}

/** Describe and List calls as `service:Describe*` and `service:List*`: they return metadata only. */
function readVerbs(actions: readonly string[]): string[] {
  return [...new Set(actions.map((a) => a.replace(/:(Describe|List)[A-Za-z0-9*]*$/, ':$1*')))].sort();
}

function iamArn(region: string, accountId: string, resource: string): string {
  return `${arnPrefix(region)}:iam::${accountId}:${resource}`;
}

/**
 * The resources of the ceiling: every ARN of this account in the region (or global, as IAM's and budgets' are) as
 * one `arn:<partition>:*:<region>:<account>:*` pattern (the Action list already names the services), resources
 * outside any account as named (the region's EC2 resources, AWS-managed hosted zones), and the state bucket.
 */
function accountCeiling(
  statements: readonly PolicyStatement[],
  accountId: string,
  region: string,
  stateBucketArn: string,
): string[] {
  const ceiling = new Set<string>();
  for (const resource of statements.flatMap((s) => listOf(s.Resource))) {
    const arn = /^(arn:aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}):/.exec(resource);
    if (arn) {
      if (arn[4] === accountId) ceiling.add(`${arn[1]}:*:${arn[3]}:${accountId}:*`);
    } else if (resource !== '*' && !resource.includes('${')) ceiling.add(resource);
  }
  const own = `${arnPrefix(region)}:*:${region}:${accountId}:*`;
  // The bucket and its objects in one pattern (S3's actions are listed exactly, and the role's policy names the keys).
  return [...[...ceiling].filter((r) => r !== own).sort(), own, `${stateBucketArn}*`];
}
