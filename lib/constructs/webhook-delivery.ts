import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { Construct } from 'constructs';
import type { WebhookDeliverySettings } from '../config/types';
import { BundledFunction, type BundledFunctionProps } from './bundled-function';
import { EncryptedQueue } from './encrypted-queue';
import { EncryptedTable } from './encrypted-table';
import type { Grant, IGrantable } from './grants';

/** How the consumer function runs and reads the queue. */
export const WEBHOOK_CONSUMER = {
  /** Folder under functions/ (also the bundle and function name suffix). */
  bundle: 'webhook-consumer',
  /** Seconds one batch may take. */
  timeoutSeconds: 30,
  /** Reserved concurrency, and the event source mapping's maximum concurrency (at least 2, Lambda's minimum). */
  concurrency: 5,
  /** Messages per invocation (10: the most a standard queue gives without a batching window). */
  batchSize: 10,
  /** Receives before SQS moves a message to the dead-letter queue. */
  maxReceiveCount: 5,
} as const;

/** The attribute of a delivery record holding its expiry (epoch seconds) for DynamoDB's TTL. */
export const DELIVERY_EXPIRATION_ATTRIBUTE = 'expiration';

/** Seconds a message stays hidden once received: AWS advises 6x the function timeout for an event source mapping. */
export const QUEUE_VISIBILITY_TIMEOUT_SECONDS = 6 * WEBHOOK_CONSUMER.timeoutSeconds;

/**
 * Seconds the queue keeps a message: 4 days (the SQS default), shorter than the dead-letter queue's 14 because a
 * standard queue's message keeps its first enqueue time when moved, and would otherwise expire in the DLQ at once.
 */
const QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

/** Props of the webhook's delivery path. */
export interface WebhookDeliveryProps
  extends Pick<
    BundledFunctionProps,
    'namePrefix' | 'accountId' | 'region' | 'kmsKeyArn' | 'permissionsBoundaryArn' | 'logRetentionDays'
  > {
  /** Replay window and record lifetime. */
  readonly settings: WebhookDeliverySettings;
  /** Isolated subnets and security group the consumer runs in. */
  readonly vpc: NonNullable<BundledFunctionProps['vpc']>;
  /** Production: the table gets point-in-time recovery and deletion protection. */
  readonly production: boolean;
}

/**
 * What carries a verified webhook event to the team's code: a deliveries table (the receiver's dedupe records and
 * the consumer's idempotency records, expiring after `dedupeDays`), a queue with a dead-letter queue, and the
 * private `webhook-consumer` function reading the queue with partial batch responses. All on the environment key.
 */
export class WebhookDelivery extends Construct {
  readonly table: EncryptedTable;
  readonly queue: EncryptedQueue;
  readonly deadLetterQueue: EncryptedQueue;
  readonly consumer: BundledFunction;
  readonly mapping: LambdaEventSourceMapping;
  private readonly dedupeSeconds: number;

  constructor(scope: Construct, id: string, props: WebhookDeliveryProps) {
    super(scope, id);
    const { namePrefix, kmsKeyArn, region } = props;
    const name = `${namePrefix}-webhook-deliveries`;
    this.dedupeSeconds = props.settings.dedupeDays * 86_400;

    this.table = new EncryptedTable(this, 'table', {
      name,
      kmsKeyArn,
      region,
      partitionKey: 'id',
      timeToLiveAttribute: DELIVERY_EXPIRATION_ATTRIBUTE,
      protect: props.production,
    });
    this.deadLetterQueue = new EncryptedQueue(this, 'dlq', {
      name: `${name}-dlq`,
      kmsKeyArn,
      region,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    });
    this.queue = new EncryptedQueue(this, 'queue', {
      name,
      kmsKeyArn,
      region,
      messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
      visibilityTimeoutSeconds: QUEUE_VISIBILITY_TIMEOUT_SECONDS,
      redrive: { deadLetterQueueArn: this.deadLetterQueue.arn, maxReceiveCount: WEBHOOK_CONSUMER.maxReceiveCount },
    });

    this.consumer = new BundledFunction(this, 'consumer', {
      namePrefix,
      accountId: props.accountId,
      region,
      kmsKeyArn,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      logRetentionDays: props.logRetentionDays,
      bundle: WEBHOOK_CONSUMER.bundle,
      description: 'Handles verified webhook events from the deliveries queue, once each',
      exposure: 'private',
      vpc: props.vpc,
      timeout: WEBHOOK_CONSUMER.timeoutSeconds,
      reservedConcurrency: WEBHOOK_CONSUMER.concurrency,
      environment: {
        WEBHOOK_DELIVERIES_TABLE: this.table.name,
        WEBHOOK_DEDUPE_SECONDS: String(this.dedupeSeconds),
      },
    });
    this.table.grantReadWriteItems(this.consumer, 'Deliveries');
    this.queue.grantConsumeMessages(this.consumer, 'Deliveries');

    this.mapping = new LambdaEventSourceMapping(this, 'events', {
      eventSourceArn: this.queue.arn,
      functionName: this.consumer.function.arn,
      batchSize: WEBHOOK_CONSUMER.batchSize,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: WEBHOOK_CONSUMER.concurrency },
      // The mapping polls with the function's role, and Lambda checks its queue permissions when creating it.
      dependsOn: [this.consumer.role.policy],
    });
  }

  /** The receiver's settings: where to enqueue, where to record delivery ids, and for how long. */
  get receiverEnvironment(): Readonly<Record<string, string>> {
    return {
      WEBHOOK_QUEUE_URL: this.queue.url,
      WEBHOOK_DELIVERIES_TABLE: this.table.name,
      WEBHOOK_DEDUPE_SECONDS: String(this.dedupeSeconds),
    };
  }

  /** Lets the receiver record delivery ids in the table and send messages to the queue. */
  grantReceive(grantee: IGrantable): Grant[] {
    return [this.table.grantReadWriteItems(grantee, 'Deliveries'), this.queue.grantSendMessages(grantee, 'Deliveries')];
  }
}
