import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import { keyUseStatement } from './environment-key';
import type { Grant, IGrantable } from './grants';
import type { PolicyStatement } from './policy-document';

/** Where a queue moves a message it has delivered too often, and after how many receives. */
export interface RedriveTarget {
  /** ARN of the dead-letter queue. */
  readonly deadLetterQueueArn: string;
  /** Receives after which SQS moves the message to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

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
  /** Seconds a received message stays hidden from other consumers. @default 30 (the SQS default) */
  readonly visibilityTimeoutSeconds?: number;
  /** Dead-letter queue for messages received too often. @default none */
  readonly redrive?: RedriveTarget;
}

/** SQS calls an event source mapping makes with the consuming function's role. */
export const QUEUE_CONSUME_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:ChangeMessageVisibility',
] as const;

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
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
      redrivePolicy: props.redrive
        ? JSON.stringify({
            deadLetterTargetArn: props.redrive.deadLetterQueueArn,
            maxReceiveCount: props.redrive.maxReceiveCount,
          })
        : undefined,
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

  /** URL of the queue (what SendMessage takes). */
  get url(): string {
    return this.queue.url;
  }

  /**
   * Lets `grantee` send messages to this queue (`SendTo<label>Queue`) and use the key for them only through SQS
   * and only for this queue (`Encrypt<label>Messages`).
   */
  grantSendMessages(grantee: IGrantable, label: string): Grant {
    return this.grant(grantee, [
      { Sid: `SendTo${label}Queue`, Action: ['sqs:SendMessage'], Resource: this.queue.arn },
      this.keyUse(`Encrypt${label}Messages`, ['kms:GenerateDataKey', 'kms:Decrypt']),
    ]);
  }

  /**
   * Lets `grantee` receive, delete and hide messages of this queue, as an event source mapping does with the
   * function's role (`Consume<label>Queue`), and decrypt them only through SQS for this queue (`Decrypt<label>Messages`).
   */
  grantConsumeMessages(grantee: IGrantable, label: string): Grant {
    return this.grant(grantee, [
      { Sid: `Consume${label}Queue`, Action: [...QUEUE_CONSUME_ACTIONS], Resource: this.queue.arn },
      this.keyUse(`Decrypt${label}Messages`, ['kms:Decrypt']),
    ]);
  }

  private keyUse(sid: string, actions: readonly string[]): PolicyStatement {
    return keyUseStatement(this.props.kmsKeyArn, this.props.region, {
      sid,
      actions,
      viaService: 'sqs',
      arnEncryptionContext: { 'aws:sqs:arn': this.queue.arn },
    });
  }

  private grant(grantee: IGrantable, statements: readonly PolicyStatement[]): Grant {
    for (const statement of statements) grantee.addToRolePolicy(statement);
    // A queue without a queue policy admits every principal of the account that its identity policy allows.
    return { grantee, principalStatements: statements, resourcePrincipals: [] };
  }
}
