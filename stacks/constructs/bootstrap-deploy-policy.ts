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
export const DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE = ['CreateEnvironmentKeyWithItsTags'];

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
 * Services the boundary lists action by action, as the role's policy does: IAM, where a wildcard would reach users,
 * providers and every role verb, and S3, whose only bucket in the ceiling is the state bucket.
 */
const EXACT_SERVICES = ['iam', 's3'];

/** Calls that run code or open a shell with some role's credentials; the deploy role deploys code only to Lambda. */
const RUN_CODE_ACTIONS = [
  'ec2:RunInstances',
  'ec2:AssociateIamInstanceProfile',
  'ec2:ReplaceIamInstanceProfileAssociation',
  'ssm:SendCommand',
  'ssm:StartSession',
];

/** The boundary's Allow: `service:*` for the services in use (exact actions for EXACT_SERVICES). */
export function ceilingActions(actions: readonly string[]): string[] {
  const service = (action: string) => action.split(':')[0] ?? '';
  const wildcards = [...new Set(actions.map(service))].filter((s) => !EXACT_SERVICES.includes(s)).map((s) => `${s}:*`);
  const exact = actions.filter((a) => EXACT_SERVICES.includes(service(a)));
  return [...new Set([...wildcards, ...exact])].sort();
}

/**
 * The deploy role's permissions boundary, written to stay small however many resource types the app uses (see
 * docs/pipeline-policies.md): it allows each service the role's policy uses (`lambda:*`; IAM and S3 action by
 * action) on this account's (and region's) ARNs only, and denies by name what would let the role escape its
 * environment: the pipeline's roles and policies (path /delivery/), the OIDC provider, roles without the
 * environment boundary, removing a boundary, administering the state key or a key that is not the environment's,
 * reading secret values and log events, and running code outside Lambda. The least-privilege detail stays in the
 * role's own policies; the boundary repeats their Deny statements, so each layer refuses on its own.
 */
export function deployBoundaryStatements(props: DeployPermissionsProps): PolicyStatement[] {
  const { project, environment: env, accountId, stateBucketArn, stateKeyArn } = props;
  const iam = (resource: string) => `${arnPrefix(props.region)}:iam::${accountId}:${resource}`;
  const statements = deployRoleStatements(props);
  const allows = statements.filter((s) => (s.Effect ?? 'Allow') === 'Allow');
  const denies = statements.filter((s) => s.Effect === 'Deny');
  const actionsOf = (list: PolicyStatement[]) => [...new Set(list.flatMap((s) => [s.Action].flat()))].sort();
  // Calls that name no resource keep "*": Describe and List calls as they are, others (kms:CreateKey) with the same
  // conditions as in the policy.
  const scoped = allows.filter((s) => s.Resource !== '*');
  const withoutResource = allows.filter((s) => s.Resource === '*');
  const describe = withoutResource.filter((s) => !DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE.includes(s.Sid));
  const conditioned = withoutResource.filter((s) => DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE.includes(s.Sid));
  return [
    {
      Sid: 'CeilingIsTheServicesInUseInThisAccount',
      Action: ceilingActions(actionsOf(scoped)),
      Resource: resourceCeiling(scoped, accountId, stateBucketArn),
    },
    { Sid: 'CeilingForDescribeAndListCalls', Action: actionsOf(describe), Resource: '*' },
    ...conditioned.map((s) => ({ ...s, Sid: `CeilingFor${s.Sid}` })),
    ...denies,
    { Sid: 'DenyRunningCodeOutsideLambda', Effect: 'Deny', Action: RUN_CODE_ACTIONS, Resource: '*' },
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
      // The ceiling allows whole services; these reads return data, not metadata.
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
