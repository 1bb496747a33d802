// What the pull-request plan role may do: read every stack's state (and decrypt it with the state key) and read
// what refreshing the project's resource types reads (the `read` actions of stacks/delivery-permissions/, on every
// environment of the account), so `cdktf diff` can refresh them, and nothing else. It writes nothing: not even
// a lock file (the diff job runs `terraform plan -lock=false`). It never reads a secret value; it can read the
// SecureString settings parameter, which holds non-secret settings, because Terraform refreshes a parameter by
// reading its value.
import { planStatementsFor } from '../delivery-permissions';
import { accountResourceCeiling, MANAGED_SERVICES } from './bootstrap-policy-parts';
import type { PolicyStatement } from './policy-document';

/** Props of the plan role's permissions (one role per account, for every environment in it). */
export interface PlanPermissionsProps {
  readonly project: string;
  readonly accountId: string;
  readonly region: string;
  readonly stateBucketArn: string;
  readonly stateKeyArn: string;
  /** Terraform resource types (and `data.` sources) of every environment of the account. */
  readonly resourceTypes: ReadonlySet<string>;
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
    ...planStatementsFor(props.resourceTypes, scope),
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
export function planBoundaryStatements(props: Omit<PlanPermissionsProps, 'resourceTypes'>): PolicyStatement[] {
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
