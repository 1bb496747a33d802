import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { Construct } from 'constructs';
import { arnPrefix } from '../../config/regions';
import { BoundedRole } from './bounded-role';
import { EncryptedLogGroup } from './encrypted-log-group';

/** Props of the VPC's flow logs. */
export interface VpcFlowLogsProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly vpcId: string;
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
  readonly permissionsBoundaryArn: string;
}

/** Flow logs of all traffic into a KMS-encrypted log group, written by a role only VPC Flow Logs of this account can assume. */
export class VpcFlowLogs extends Construct {
  readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    this.logGroup = new EncryptedLogGroup(this, 'logs', {
      name: `/aws/vpc/${props.namePrefix}/flow-logs`,
      kmsKeyArn: props.kmsKeyArn,
      retentionDays: props.retentionDays,
    });
    const groupArn = this.logGroup.logGroup.arn;
    const writer = new BoundedRole(this, 'writer', {
      name: `${props.namePrefix}-flow-logs`,
      description: 'Lets VPC Flow Logs write to the flow log group',
      assumedBy: { service: 'vpc-flow-logs.amazonaws.com' },
      trustConditions: {
        StringEquals: { 'aws:SourceAccount': props.accountId },
        ArnLike: {
          'aws:SourceArn': `${arnPrefix(props.region)}:ec2:${props.region}:${props.accountId}:vpc-flow-log/*`,
        },
      },
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      statements: [
        {
          Sid: 'WriteFlowLogGroup',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [groupArn, `${groupArn}:*`],
        },
        {
          Sid: 'FindFlowLogGroup',
          Action: ['logs:DescribeLogGroups'],
          Resource: `${arnPrefix(props.region)}:logs:${props.region}:${props.accountId}:log-group:*`,
        },
      ],
    });
    new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: groupArn,
      iamRoleArn: writer.role.arn,
      maxAggregationInterval: 60,
    });
  }
}
