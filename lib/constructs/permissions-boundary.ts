import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Construct } from 'constructs';
import { arnPrefix } from '../config/regions';
import { QUEUE_CONSUME_ACTIONS } from './encrypted-queue';
import { TABLE_ITEM_ACTIONS } from './encrypted-table';
import { type PolicyStatement, policyDocument } from './policy-document';

/**
 * The network-interface calls a function in a VPC needs (as in AWSLambdaVPCAccessExecutionRole). EC2 offers no
 * resource-level permissions that fit them, so they are granted on `*`.
 */
export const VPC_FUNCTION_ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/** Props of the environment's permissions boundary. */
export interface PermissionsBoundaryProps {
  /** `<project>-<env>`: names the policy and scopes every resource pattern. */
  readonly namePrefix: string;
  /** `<project>`, for the secret and parameter paths `<project>/<env>/...`. */
  readonly project: string;
  /** Environment name, e.g. `dev`. */
  readonly environmentName: string;
  /** Account whose resources the boundary allows. */
  readonly accountId: string;
  /** Region whose resources the boundary allows. */
  readonly region: string;
  /** IAM path of the policy; the bootstrap stack puts it under the delivery path, out of the deploy role's reach. */
  readonly path: string;
}

/**
 * The ceiling of what any role of this environment can ever do, whatever its own policies say. It allows only
 * the services the template uses, on this environment's resources. Four actions have no resource-level
 * permissions in AWS and so name `*` here (their roles' own policies do too): X-Ray trace upload, the ENI
 * management a VPC Lambda needs, and secretsmanager:GetRandomPassword.
 *
 * The bootstrap stack creates it before the environment key exists, so the key is named by its tags (the
 * provider's default tags, which only this environment's deploy role can set at kms:CreateKey) rather than its ARN.
 */
export function permissionsBoundaryStatements(props: PermissionsBoundaryProps): PolicyStatement[] {
  const { accountId: account, region, namePrefix, project, environmentName: env } = props;
  return [
    {
      Sid: 'WriteOwnLogGroups',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: `${arnPrefix(region)}:logs:${region}:${account}:log-group:/aws/*/${namePrefix}*`,
    },
    {
      Sid: 'DescribeLogGroupsForFlowLogs',
      Action: ['logs:DescribeLogGroups'],
      Resource: `${arnPrefix(region)}:logs:${region}:${account}:log-group:*`,
    },
    {
      Sid: 'UseOwnSecrets',
      Action: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
        // The webhook secret operator starts a rotation by hand (npm run webhook-secret -- <env> rotate).
        'secretsmanager:RotateSecret',
      ],
      // RDS names the master secrets it manages `rds!db-<id>`; roles' own policies name the exact ARN.
      Resource: [
        `${arnPrefix(region)}:secretsmanager:${region}:${account}:secret:${project}/${env}/*`,
        `${arnPrefix(region)}:secretsmanager:${region}:${account}:secret:rds!db-*`,
      ],
    },
    { Sid: 'GenerateRandomPasswords', Action: ['secretsmanager:GetRandomPassword'], Resource: '*' },
    {
      Sid: 'ReadOwnParameters',
      Action: ['ssm:GetParameter', 'ssm:GetParameters'],
      Resource: `${arnPrefix(region)}:ssm:${region}:${account}:parameter/${project}/${env}/*`,
    },
    {
      Sid: 'UseOwnEnvironmentKey',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      Resource: `${arnPrefix(region)}:kms:${region}:${account}:key/*`,
      Condition: { StringEquals: { 'aws:ResourceTag/Project': project, 'aws:ResourceTag/Environment': env } },
    },
    { Sid: 'UploadTraces', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
    {
      Sid: 'ManageVpcFunctionNetworkInterfaces',
      Action: [...VPC_FUNCTION_ENI_ACTIONS],
      Resource: '*',
    },
    {
      Sid: 'InvokeOwnFunctions',
      Action: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'],
      Resource: `${arnPrefix(region)}:lambda:${region}:${account}:function:${namePrefix}-*`,
    },
    {
      // Dead-letter queues and the webhook's deliveries queue: sending, and consuming as an event source mapping does.
      Sid: 'UseOwnQueues',
      Action: ['sqs:SendMessage', ...QUEUE_CONSUME_ACTIONS],
      Resource: `${arnPrefix(region)}:sqs:${region}:${account}:${namePrefix}-*`,
    },
    {
      Sid: 'UseOwnTableItems',
      Action: [...TABLE_ITEM_ACTIONS],
      Resource: `${arnPrefix(region)}:dynamodb:${region}:${account}:table/${namePrefix}-*`,
    },
  ];
}

/** The managed policy every role of the environment carries as its permissions boundary. */
export class PermissionsBoundary extends Construct {
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    this.policy = new IamPolicy(this, 'policy', {
      name: `${props.namePrefix}-boundary`,
      path: props.path,
      description: `Permissions boundary for every role of ${props.namePrefix}`,
      policy: policyDocument(permissionsBoundaryStatements(props)),
    });
  }
}
