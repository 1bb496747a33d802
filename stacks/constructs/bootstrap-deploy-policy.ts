// What an environment's deploy role may do: exactly what `cdktf deploy` of that environment's stacks needs, on
// resources named `<project>-<env>-*` (or `<project>/<env>/*`, `alias/<project>-<env>`, keys tagged with the
// environment), and its permissions boundary, the ceiling no later edit of the policy can exceed.
//
// What is broad, and why:
// - EC2 network calls (VPC, subnets, route tables, security groups and their rules, endpoints, flow logs, tags)
//   are allowed on every EC2 resource of the environment's region. Describe calls have no resource-level permissions;
//   Create calls authorize parent resources that carry no environment tag yet; aws_default_security_group adopts an
//   untagged resource. So an environment's deploy role can change other VPCs of the same account and region: give
//   environments that must not touch each other their own accounts (as the default config does).
// - The environment boundary policy is deployed by this role (the security stack creates it), so the role can
//   raise the ceiling of the roles it creates. It can only create roles named `<project>-<env>-*` that carry that
//   boundary, never touch the pipeline's own roles (IAM path /delivery/) or the OIDC provider, and never remove a
//   boundary; protect what it deploys with branch protection and required reviewers on the GitHub environment.
// - RDS names the master secret it manages `rds!db-<id>`, so that statement covers every RDS-managed secret of the
//   account, without reading any value.
import { DELIVERY_IAM_PATH } from '../../config/delivery';
import {
  accountResourceCeiling,
  DESCRIBE_WITHOUT_RESOURCE_SCOPE,
  IAM_READ_ACTIONS,
  KMS_READ_ACTIONS,
  LAMBDA_READ_ACTIONS,
  MANAGED_SERVICES,
} from './bootstrap-policy-parts';
import { KEY_USER_SERVICES } from './environment-key';
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
}

/** Network calls of the network stack; see the file comment for why they are not scoped to resources. */
const EC2_NETWORK_ACTIONS = [
  'ec2:CreateVpc',
  'ec2:DeleteVpc',
  'ec2:ModifyVpcAttribute',
  'ec2:CreateSubnet',
  'ec2:DeleteSubnet',
  'ec2:ModifySubnetAttribute',
  'ec2:CreateRouteTable',
  'ec2:DeleteRouteTable',
  'ec2:AssociateRouteTable',
  'ec2:DisassociateRouteTable',
  'ec2:CreateSecurityGroup',
  'ec2:DeleteSecurityGroup',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupEgress',
  'ec2:ModifySecurityGroupRules',
  'ec2:UpdateSecurityGroupRuleDescriptions*',
  'ec2:CreateVpcEndpoint',
  'ec2:ModifyVpcEndpoint',
  'ec2:DeleteVpcEndpoints',
  'ec2:CreateFlowLogs',
  'ec2:DeleteFlowLogs',
  'ec2:CreateTags',
  'ec2:DeleteTags',
];

/** Administration of the environment key (created by the security stack), including its alias. */
const KMS_ADMIN_ACTIONS = [
  ...KMS_READ_ACTIONS,
  'kms:PutKeyPolicy',
  'kms:EnableKeyRotation',
  'kms:UpdateKeyDescription',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:UpdateAlias',
];

/** IAM calls that accept the iam:PermissionsBoundary condition: only allowed for roles under the env boundary. */
const BOUNDED_ROLE_ACTIONS = [
  'iam:CreateRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
];

/** The deploy role's own policy. */
export function deployRoleStatements(props: DeployPermissionsProps): PolicyStatement[] {
  const { project, environment: env, accountId, region, stateBucketArn, stateKeyArn } = props;
  const prefix = `${project}-${env}`;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
  const iam = (resource: string) => `arn:aws:iam::${accountId}:${resource}`;
  const environmentTags = { 'aws:ResourceTag/Project': project, 'aws:ResourceTag/Environment': env };
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
    { Sid: 'DescribeResourcesWithoutResourceScope', Action: [...DESCRIBE_WITHOUT_RESOURCE_SCOPE], Resource: '*' },

    // Security stack: the environment key (found by its tags: its ARN does not exist before the first deploy;
    // creating it is createEnvironmentKeyStatement, kept apart because kms:CreateKey names no resource).
    {
      Sid: 'AdministerEnvironmentKey',
      Action: KMS_ADMIN_ACTIONS,
      Resource: arn('kms', 'key/*'),
      Condition: { StringEquals: environmentTags },
    },
    {
      Sid: 'ManageEnvironmentKeyAlias',
      Action: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
      Resource: arn('kms', `alias/${prefix}`),
    },
    {
      Sid: 'UseEnvironmentKeyThroughServices',
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant'],
      Resource: arn('kms', 'key/*'),
      Condition: {
        StringEquals: {
          ...environmentTags,
          'kms:ViaService': KEY_USER_SERVICES.map((s) => `${s}.${region}.amazonaws.com`),
        },
      },
    },
    {
      Sid: 'ManageEnvironmentBoundaryPolicy',
      Action: [
        'iam:CreatePolicy',
        'iam:DeletePolicy',
        'iam:CreatePolicyVersion',
        'iam:DeletePolicyVersion',
        'iam:TagPolicy',
        'iam:UntagPolicy',
        ...IAM_READ_ACTIONS.filter((a) => a.includes('Polic')),
      ],
      Resource: iam(`policy/${prefix}-*`),
    },

    // Roles of the environment's functions: created only with the environment boundary attached.
    {
      Sid: 'CreateRolesOnlyUnderEnvironmentBoundary',
      Action: BOUNDED_ROLE_ACTIONS,
      Resource: iam(`role/${prefix}-*`),
      Condition: { StringEquals: { 'iam:PermissionsBoundary': iam(`policy/${prefix}-boundary`) } },
    },
    {
      Sid: 'ManageEnvironmentRoles',
      Action: [
        ...IAM_READ_ACTIONS.filter((a) => a.includes('Role')),
        'iam:ListInstanceProfilesForRole',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
        'iam:UpdateAssumeRolePolicy',
        'iam:DeleteRole',
        // The roles trust one service each (lambda, vpc-flow-logs), so passing them elsewhere gains nothing.
        'iam:PassRole',
      ],
      Resource: iam(`role/${prefix}-*`),
    },
    {
      Sid: 'CreateRdsServiceLinkedRole',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: iam('role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS'),
      Condition: { StringEquals: { 'iam:AWSServiceName': 'rds.amazonaws.com' } },
    },

    // Network stack.
    {
      Sid: 'ManageNetworkInEnvironmentRegion',
      Action: EC2_NETWORK_ACTIONS,
      // Any account: interface endpoints authorize the AWS-owned endpoint service of the region.
      Resource: `arn:aws:ec2:${region}:*:*`,
    },

    // Log groups of functions, flow logs and the database.
    {
      Sid: 'ManageEnvironmentLogGroups',
      Action: [
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:PutRetentionPolicy',
        'logs:DeleteRetentionPolicy',
        'logs:AssociateKmsKey',
        'logs:DisassociateKmsKey',
        'logs:TagResource',
        'logs:UntagResource',
        'logs:TagLogGroup',
        'logs:UntagLogGroup',
        'logs:ListTagsForResource',
        'logs:ListTagsLogGroup',
      ],
      Resource: [
        arn('logs', `log-group:/aws/lambda/${prefix}-*`),
        arn('logs', `log-group:/aws/vpc/${prefix}/*`),
        arn('logs', `log-group:/aws/rds/instance/${prefix}-*`),
      ],
    },

    // Functions, their URLs and permissions, and their dead-letter queues.
    {
      Sid: 'ManageEnvironmentFunctions',
      Action: [
        'lambda:CreateFunction',
        'lambda:DeleteFunction',
        'lambda:UpdateFunctionCode',
        'lambda:UpdateFunctionConfiguration',
        'lambda:PutFunctionConcurrency',
        'lambda:DeleteFunctionConcurrency',
        'lambda:AddPermission',
        'lambda:RemovePermission',
        'lambda:CreateFunctionUrlConfig',
        'lambda:UpdateFunctionUrlConfig',
        'lambda:DeleteFunctionUrlConfig',
        'lambda:TagResource',
        'lambda:UntagResource',
        ...LAMBDA_READ_ACTIONS,
      ],
      Resource: arn('lambda', `function:${prefix}-*`),
    },
    {
      // Turning rotation on with rotate_immediately invokes the rotation function as the caller.
      Sid: 'StartFirstRotation',
      Action: ['lambda:InvokeFunction'],
      Resource: arn('lambda', `function:${prefix}-rotate-*`),
    },
    {
      Sid: 'ManageEnvironmentQueues',
      Action: [
        'sqs:CreateQueue',
        'sqs:DeleteQueue',
        'sqs:SetQueueAttributes',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:TagQueue',
        'sqs:UntagQueue',
        'sqs:ListQueueTags',
      ],
      Resource: arn('sqs', `${prefix}-*`),
    },

    // Secrets stack: secret metadata, policies and rotation, never a value (no GetSecretValue or PutSecretValue).
    {
      Sid: 'ManageEnvironmentSecrets',
      Action: [
        'secretsmanager:CreateSecret',
        'secretsmanager:DeleteSecret',
        'secretsmanager:RestoreSecret',
        'secretsmanager:DescribeSecret',
        'secretsmanager:UpdateSecret',
        'secretsmanager:TagResource',
        'secretsmanager:UntagResource',
        'secretsmanager:GetResourcePolicy',
        'secretsmanager:PutResourcePolicy',
        'secretsmanager:DeleteResourcePolicy',
        'secretsmanager:ValidateResourcePolicy',
        'secretsmanager:RotateSecret',
        'secretsmanager:CancelRotateSecret',
      ],
      Resource: arn('secretsmanager', `secret:${project}/${env}/*`),
    },
    {
      Sid: 'LetRdsManageItsMasterSecret',
      Action: [
        'secretsmanager:CreateSecret',
        'secretsmanager:DescribeSecret',
        'secretsmanager:UpdateSecret',
        'secretsmanager:RotateSecret',
        'secretsmanager:TagResource',
        'secretsmanager:DeleteSecret',
      ],
      Resource: arn('secretsmanager', 'secret:rds!db-*'),
    },
    {
      Sid: 'ManageEnvironmentParameters',
      Action: [
        'ssm:PutParameter',
        'ssm:DeleteParameter',
        'ssm:GetParameter',
        'ssm:GetParameters',
        'ssm:AddTagsToResource',
        'ssm:RemoveTagsFromResource',
        'ssm:ListTagsForResource',
      ],
      Resource: arn('ssm', `parameter/${project}/${env}/*`),
    },
    {
      Sid: 'ManageEnvironmentDatabase',
      Action: [
        'rds:CreateDBInstance',
        'rds:ModifyDBInstance',
        'rds:RebootDBInstance',
        'rds:DeleteDBInstance',
        'rds:CreateDBSnapshot',
        'rds:CreateDBSubnetGroup',
        'rds:ModifyDBSubnetGroup',
        'rds:DeleteDBSubnetGroup',
        'rds:CreateDBParameterGroup',
        'rds:ModifyDBParameterGroup',
        'rds:DeleteDBParameterGroup',
        'rds:AddTagsToResource',
        'rds:RemoveTagsFromResource',
        'rds:ListTagsForResource',
      ],
      Resource: [
        arn('rds', `db:${prefix}-*`),
        arn('rds', `subgrp:${prefix}-*`),
        arn('rds', `pg:${prefix}-*`),
        arn('rds', `snapshot:${prefix}-*`),
        arn('rds', 'og:default:*'),
      ],
    },
  ];
}

/**
 * kms:CreateKey names no resource (the key does not exist yet), so it takes `Resource: "*"`; the request must
 * carry this environment's Project and Environment tags, which the provider's default tags supply.
 */
export function createEnvironmentKeyStatement(props: DeployPermissionsProps): PolicyStatement {
  return {
    Sid: 'CreateEnvironmentKeyWithItsTags',
    Action: ['kms:CreateKey'],
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:RequestTag/Project': props.project, 'aws:RequestTag/Environment': props.environment },
    },
  };
}

/**
 * The deploy role's permissions boundary: nothing beyond the actions of its own policies, on nothing outside this
 * account (and, for EC2, the region), and explicit denies for what would let it escape the environment: the
 * pipeline's roles and policies (path /delivery/), the OIDC provider, roles without the environment boundary,
 * removing a boundary, and administering the state key.
 */
export function deployBoundaryStatements(props: DeployPermissionsProps): PolicyStatement[] {
  const { project, environment: env, accountId, region, stateBucketArn, stateKeyArn } = props;
  const iam = (resource: string) => `arn:aws:iam::${accountId}:${resource}`;
  const statements = [...deployRoleStatements(props), createEnvironmentKeyStatement(props)];
  const actionsOf = (list: PolicyStatement[]) => [...new Set(list.flatMap((s) => [s.Action].flat()))].sort();
  // Calls that name no resource keep "*"; everything else is capped at this account's (and region's) ARNs.
  const withoutResource = actionsOf(statements.filter((s) => s.Resource === '*'));
  const onResources = actionsOf(statements).filter((action) => !withoutResource.includes(action));
  return [
    {
      Sid: 'CeilingIsTheDeployPolicyActionsInThisAccount',
      Action: onResources,
      Resource: [
        `arn:aws:ec2:${region}:*:*`,
        ...accountResourceCeiling(MANAGED_SERVICES, accountId, region, stateBucketArn),
      ],
    },
    { Sid: 'CeilingForCallsWithoutResource', Action: withoutResource, Resource: '*' },
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
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': iam(`policy/${project}-${env}-boundary`) } },
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
      ],
      Resource: stateKeyArn,
    },
  ];
}
