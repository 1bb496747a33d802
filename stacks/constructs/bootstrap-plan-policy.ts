// What the pull-request plan role may do: read every stack's state (and decrypt it with the state key) and
// describe the project's resources so `cdktf diff` can refresh them, and nothing else. It writes nothing: not even
// a lock file (the diff job runs `terraform plan -lock=false`). It never reads a secret value; it can read the
// SecureString settings parameter, which holds non-secret settings, because Terraform refreshes a parameter by
// reading its value.
import {
  accountResourceCeiling,
  DESCRIBE_WITHOUT_RESOURCE_SCOPE,
  IAM_READ_ACTIONS,
  KMS_READ_ACTIONS,
  LAMBDA_READ_ACTIONS,
  MANAGED_SERVICES,
} from './bootstrap-policy-parts';
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
}

/** The plan role's own policy. */
export function planRoleStatements(props: PlanPermissionsProps): PolicyStatement[] {
  const { project, accountId, region, stateBucketArn, stateKeyArn } = props;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
  const iam = (resource: string) => `arn:aws:iam::${accountId}:${resource}`;
  const projectTag = { 'aws:ResourceTag/Project': project };
  return [
    { Sid: 'ReadProjectState', Action: ['s3:GetObject'], Resource: `${stateBucketArn}/${project}/*` },
    { Sid: 'ListStateBucket', Action: ['s3:ListBucket'], Resource: stateBucketArn },
    {
      Sid: 'DecryptStateThroughS3',
      Action: ['kms:Decrypt'],
      Resource: stateKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
    },
    { Sid: 'DescribeResourcesWithoutResourceScope', Action: [...DESCRIBE_WITHOUT_RESOURCE_SCOPE], Resource: '*' },
    {
      Sid: 'ReadProjectKeys',
      Action: [...KMS_READ_ACTIONS],
      Resource: arn('kms', 'key/*'),
      Condition: { StringEquals: projectTag },
    },
    {
      Sid: 'ReadProjectRolesAndPolicies',
      Action: [...IAM_READ_ACTIONS],
      Resource: [iam(`role/${project}-*`), iam(`policy/${project}-*`)],
    },
    {
      Sid: 'ReadProjectLogGroupTags',
      Action: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
      Resource: [
        arn('logs', `log-group:/aws/lambda/${project}-*`),
        arn('logs', `log-group:/aws/vpc/${project}-*`),
        arn('logs', `log-group:/aws/rds/instance/${project}-*`),
      ],
    },
    { Sid: 'ReadProjectFunctions', Action: [...LAMBDA_READ_ACTIONS], Resource: arn('lambda', `function:${project}-*`) },
    {
      Sid: 'ReadProjectQueues',
      Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueueTags'],
      Resource: arn('sqs', `${project}-*`),
    },
    {
      Sid: 'ReadProjectSecretMetadata',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'],
      Resource: arn('secretsmanager', `secret:${project}/*`),
    },
    {
      Sid: 'ReadProjectParameters',
      Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:ListTagsForResource'],
      Resource: arn('ssm', `parameter/${project}/*`),
    },
    {
      Sid: 'DecryptProjectParametersThroughSsm',
      Action: ['kms:Decrypt'],
      Resource: arn('kms', 'key/*'),
      Condition: {
        StringEquals: { ...projectTag, 'kms:ViaService': `ssm.${region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:PARAMETER_ARN': arn('ssm', `parameter/${project}/*`) },
      },
    },
    {
      Sid: 'ReadProjectDatabaseTags',
      Action: ['rds:ListTagsForResource'],
      Resource: [arn('rds', `db:${project}-*`), arn('rds', `subgrp:${project}-*`), arn('rds', `pg:${project}-*`)],
    },
  ];
}

/** Read verbs the plan role's boundary allows on this account's resources; Describe and List go everywhere. */
const READ_ON_RESOURCES = [
  's3:GetObject',
  's3:ListBucket',
  'kms:Decrypt',
  'kms:Get*',
  'iam:Get*',
  'lambda:Get*',
  'sqs:Get*',
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetResourcePolicy',
  'ssm:GetParameter',
  'ssm:GetParameters',
];
const DESCRIBE_AND_LIST = [
  'ec2:Describe*',
  'kms:Describe*',
  'kms:List*',
  'iam:List*',
  'logs:Describe*',
  'logs:List*',
  'lambda:List*',
  'sqs:List*',
  'ssm:Describe*',
  'ssm:List*',
  'rds:Describe*',
  'rds:List*',
];

/**
 * The plan role's permissions boundary: read verbs only, Get calls only on this account's resources, and never a
 * secret value. An edit of the role's policy cannot grant more than this.
 */
export function planBoundaryStatements(props: PlanPermissionsProps): PolicyStatement[] {
  const { accountId, region, stateBucketArn } = props;
  return [
    {
      Sid: 'CeilingIsReadingThisAccount',
      Action: READ_ON_RESOURCES,
      Resource: accountResourceCeiling(MANAGED_SERVICES, accountId, region, stateBucketArn),
    },
    { Sid: 'CeilingIsDescribeAndList', Action: DESCRIBE_AND_LIST, Resource: '*' },
    { Sid: 'DenyReadingSecretValues', Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
  ];
}
