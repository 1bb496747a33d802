import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import type { IGrantable } from './grants';

/** Props of a log group encrypted with the environment key. */
export interface EncryptedLogGroupProps {
  /** Log group name, e.g. `/aws/lambda/<function>`. */
  readonly name: string;
  /** ARN of the KMS key CloudWatch Logs encrypts with. */
  readonly kmsKeyArn: string;
  /** Days to keep events (a CloudWatch retention value). */
  readonly retentionDays: number;
}

/** A CloudWatch log group with KMS encryption and a retention: never unencrypted, never kept forever. */
export class EncryptedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      kmsKeyId: props.kmsKeyArn,
      retentionInDays: props.retentionDays,
    });
  }

  /** Lets `grantee` write events to streams of this group (`Write<label>`), not read them or create groups. */
  grantWrite(grantee: IGrantable, label: string): void {
    grantee.addToRolePolicy({
      Sid: `Write${label}`,
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${this.logGroup.arn}:*`,
    });
  }
}
