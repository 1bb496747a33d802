import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { Construct } from 'constructs';
import { arnPrefix } from '../config/regions';
import { BoundedRole } from './bounded-role';
import { EncryptedLogGroup } from './encrypted-log-group';

/** Props of the VPC's flow logs. */
export interface VpcFlowLogsProps {
  /** `<project>-<env>`: names the log group and the writer role. */
  readonly namePrefix: string;
  /** Account of the VPC; the writer role trusts flow logs of this account only. */
  readonly accountId: string;
  /** Region of the VPC. */
  readonly region: string;
  /** VPC whose traffic is logged (all of it, accepted and rejected). */
  readonly vpcId: string;
  /** ARN of the environment key the log group is encrypted with. */
  readonly kmsKeyArn: string;
  /** Days the log group keeps flow records. */
  readonly retentionDays: number;
  /** ARN of the permissions boundary of the writer role. */
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
