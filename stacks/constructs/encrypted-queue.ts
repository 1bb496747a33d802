import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import { EnvironmentKey } from './environment-key';
import type { IGrantable } from './grants';

/** Props of an SQS queue encrypted with the environment key. */
export interface EncryptedQueueProps {
  /** Queue name. */
  readonly name: string;
  /** ARN of the environment key the queue encrypts messages with. */
  readonly kmsKeyArn: string;
  /** Region of the queue and the key. */
  readonly region: string;
  /** Seconds a message is kept. @default 1209600 (14 days, the SQS maximum) */
  readonly messageRetentionSeconds?: number;
}

/** An SQS queue encrypted with the environment key (SSE-KMS), its data key reused for 5 minutes. */
export class EncryptedQueue extends Construct {
  readonly queue: SqsQueue;
  private readonly props: EncryptedQueueProps;

  constructor(scope: Construct, id: string, props: EncryptedQueueProps) {
    super(scope, id);
    this.props = props;
    // `Default` keeps the queue's Terraform address what it was before this construct wrapped it.
    this.queue = new SqsQueue(this, 'Default', {
      name: props.name,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: props.messageRetentionSeconds ?? 14 * 24 * 3600,
    });
  }

  /** ARN of the queue. */
  get arn(): string {
    return this.queue.arn;
  }

  /** Name of the queue. */
  get name(): string {
    return this.queue.name;
  }

  /**
   * Lets `grantee` send messages to this queue (`SendTo<label>Queue`) and use the key for them only through SQS
   * and only for this queue (`Encrypt<label>Messages`).
   */
  grantSendMessages(grantee: IGrantable, label: string): void {
    grantee.addToRolePolicy({ Sid: `SendTo${label}Queue`, Action: ['sqs:SendMessage'], Resource: this.queue.arn });
    EnvironmentKey.fromKeyArn(this.props.kmsKeyArn, this.props.region).grant(grantee, {
      sid: `Encrypt${label}Messages`,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      viaService: 'sqs',
      arnEncryptionContext: { 'aws:sqs:arn': this.queue.arn },
    });
  }
}
