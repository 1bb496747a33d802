// What an environment's deploy role may do: the state of its own stacks, plus what the resource types its stacks
// synthesize need, from the table in stacks/delivery-permissions/ (one file per AWS service; see the comments
// there for what is broad and why, e.g. EC2 network calls on the whole region). Its permissions boundary is the
// ceiling no later edit of the policy can exceed.
//
// Roles: it creates and edits roles named `<project>-<env>-*` only while they carry the environment boundary,
// which the bootstrap stack owns under the IAM path /delivery/: the role can neither change that boundary nor
// touch the pipeline's own roles, policies or the OIDC provider, nor remove a boundary. So every role it makes
// stays under a ceiling only an administrator can raise.
import { DELIVERY_IAM_PATH, environmentBoundaryArn } from '../../config/delivery';
import { arnPrefix } from '../../config/regions';
import { deployStatementsFor } from '../delivery-permissions';
import { CREATE_EVENT_SOURCE_MAPPING_SID } from '../delivery-permissions/lambda';
import { resourceCeiling } from './bootstrap-policy-parts';
import type { PolicyStatement } from './policy-document';

/** Props of one environment's deploy permissions. */
export interface DeployPermissionsProps {
  /** Project name: the deploy role may touch only this project's resources of `environment`. */
  readonly project: string;
  /** Environment the deploy role deploys. */
  readonly environment: string;
  /** Account of the environment. */
  readonly accountId: string;
  /** Region of the environment. */
  readonly region: string;
  /** ARN of the state bucket. */
  readonly stateBucketArn: string;
  /** ARN of the state bucket's KMS key. */
  readonly stateKeyArn: string;
  /** Terraform resource types (and `data.` sources) of the environment's stacks. */
  readonly resourceTypes: ReadonlySet<string>;
}

/** IAM calls that accept the iam:PermissionsBoundary condition: only allowed for roles under the env boundary. */
const BOUNDED_ROLE_ACTIONS = [
  'iam:CreateRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
];

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
    ...deployStatementsFor(props.resourceTypes, scope),
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
 * Services whose calls hold no credentials, code or data a deploy role could turn against another principal (alarms,
 * dashboards, event rules, budgets, topics): the boundary groups their actions by verb (`sns:Create*`) on this
 * account's resources.
 */
const VERB_GROUPED_SERVICES = ['budgets', 'cloudwatch', 'events', 'sns'];

/**
 * `actions` written shorter for the boundary, which is one managed policy of at most 6,144 characters that the
 * exact list of a larger app's actions outgrows: each service's Get, List and Describe calls as `service:Get*` (and
 * so on; the reads that return data are denied by name), Tag/Untag pairs as `service:*Tag...`, EC2's Egress/Ingress
 * pairs as one prefix, VERB_GROUPED_SERVICES by verb, and anything a wildcard of the list covers left out. Every
 * other write, IAM's above all, stays listed exactly.
 */
export function collapseActions(actions: readonly string[]): string[] {
  const all = new Set(actions);
  const collapsed = new Set<string>();
  for (const action of actions) {
    const [service = '', name = ''] = action.split(':');
    const read = /^(Get|List|Describe)/.exec(name);
    const untagged = /^Untag(.+)$/.exec(name)?.[1] ?? /^Tag(.+)$/.exec(name)?.[1];
    const direction = service === 'ec2' ? /^(.+)(Egress|Ingress)$/.exec(name) : null;
    const verb = /^[A-Z][a-z]+/.exec(name)?.[0];
    if (VERB_GROUPED_SERVICES.includes(service) && verb) collapsed.add(`${service}:${verb}*`);
    else if (read) collapsed.add(`${service}:${read[1]}*`);
    else if (untagged && all.has(`${service}:Tag${untagged}`) && all.has(`${service}:Untag${untagged}`)) {
      collapsed.add(`${service}:*Tag${untagged}`);
    } else if (
      direction &&
      all.has(`${service}:${direction[1]}Egress`) &&
      all.has(`${service}:${direction[1]}Ingress`)
    ) {
      collapsed.add(`${service}:${direction[1]}*`);
    } else collapsed.add(action);
  }
  const wildcards = [...collapsed].filter((a) => a.endsWith('*')).map((a) => a.slice(0, -1));
  return [...collapsed].filter((a) => a.endsWith('*') || !wildcards.some((w) => a.startsWith(w))).sort();
}

/**
 * The deploy role's permissions boundary: nothing beyond the actions of its own policies, on nothing outside this
 * account (and, for EC2, the region), and explicit denies for what would let it escape the environment: the
 * pipeline's roles and policies (path /delivery/), the OIDC provider, roles without the environment boundary,
 * removing a boundary, and administering the state key.
 */
export function deployBoundaryStatements(props: DeployPermissionsProps): PolicyStatement[] {
  const { project, environment: env, accountId, stateBucketArn, stateKeyArn } = props;
  const iam = (resource: string) => `${arnPrefix(props.region)}:iam::${accountId}:${resource}`;
  const statements = deployRoleStatements(props);
  const actionsOf = (list: PolicyStatement[]) => [...new Set(list.flatMap((s) => [s.Action].flat()))].sort();
  // Everything is capped at this account's (and region's) ARNs; calls that name no resource keep "*": Describe and
  // List calls as they are, others (kms:CreateKey) with the same conditions as in the policy.
  const withoutResource = statements.filter((s) => s.Resource === '*');
  const describe = withoutResource.filter((s) => !DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE.includes(s.Sid));
  const conditioned = withoutResource.filter((s) => DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE.includes(s.Sid));
  return [
    {
      Sid: 'CeilingIsTheDeployPolicyActionsInThisAccount',
      Action: collapseActions(actionsOf(statements.filter((s) => s.Resource !== '*'))),
      Resource: resourceCeiling(statements, accountId, stateBucketArn),
    },
    { Sid: 'CeilingForDescribeAndListCalls', Action: actionsOf(describe), Resource: '*' },
    ...conditioned.map((s) => ({ ...s, Sid: `CeilingFor${s.Sid}` })),
    {
      Sid: 'DenyChangingThePipelineItself',
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: [iam(`role${DELIVERY_IAM_PATH}*`), iam(`policy${DELIVERY_IAM_PATH}*`), iam('oidc-provider/*')],
    },
    {
      Sid: 'DenyRolesWithoutEnvironmentBoundary',
      Effect: 'Deny',
      Action: [...BOUNDED_ROLE_ACTIONS, 'iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      Resource: '*',
      Condition: {
        StringNotEquals: { 'iam:PermissionsBoundary': environmentBoundaryArn(accountId, project, env, props.region) },
      },
    },
    {
      // The ceiling groups read calls by verb (see collapseActions); these reads return data, not metadata.
      Sid: 'DenyReadingSecretValuesAndLogEvents',
      Effect: 'Deny',
      Action: [...DATA_READS],
      Resource: '*',
    },
    {
      Sid: 'DenyRemovingPermissionsBoundaries',
      Effect: 'Deny',
      Action: 'iam:DeleteRolePermissionsBoundary',
      Resource: '*',
    },
    {
      Sid: 'DenyAdministeringTheStateKey',
      Effect: 'Deny',
      Action: [
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:DisableKey',
        'kms:DisableKeyRotation',
        'kms:CreateGrant',
        'kms:TagResource',
        'kms:UntagResource',
      ],
      Resource: stateKeyArn,
    },
  ];
}
