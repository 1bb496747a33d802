import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { REQUEST_PATH_CLIENT_OPTIONS } from '../shared/aws-client-options';
import { decodeDeliveryMessage, type ReceivedDelivery } from '../shared/delivery-message';
import { type AppLogger, type LambdaContextLike, PowertoolsAppLogger } from '../shared/logger';
import { traceHandler, tracer } from '../shared/tracing';
import { type ConsumerConfig, readConsumerConfig } from './config';
import { UnknownSchemeError } from './errors';
import {
  type DeliveryScheme,
  EVENT_HANDLERS,
  type EventHandlers,
  handlerFor,
  type WebhookEvent,
} from './event-handlers';

/** The part of an SQS record the consumer reads. */
export interface SqsRecord {
  readonly messageId: string;
  readonly body: string;
  readonly eventSource?: string;
  readonly [key: string]: unknown;
}

/** An SQS event from the event source mapping. */
export interface SqsEvent {
  readonly Records: readonly SqsRecord[];
}

/** The partial batch response (function_response_types = ReportBatchItemFailures). */
export interface SqsBatchResponse {
  readonly batchItemFailures: ReadonlyArray<{ readonly itemIdentifier: string }>;
}

export interface ConsumerDeps {
  readonly config: ConsumerConfig;
  /** Where idempotency records live: DynamoDB in Lambda, an in-memory layer in unit tests. */
  readonly persistenceStore: BasePersistenceLayer;
  readonly logger: AppLogger;
  /** @default EVENT_HANDLERS */
  readonly handlers?: EventHandlers;
}

export type ConsumerHandler = (event: SqsEvent, context?: LambdaContextLike) => Promise<SqsBatchResponse>;

const SCHEMES: readonly string[] = ['github', 'stripe', 'slack', 'standard-webhooks'] satisfies DeliveryScheme[];

/**
 * An SQS handler that runs each record through Powertools batch processing (a failing record is reported
 * alone in batchItemFailures, the others are done) and Powertools idempotency keyed on `scheme#deliveryId`
 * (SQS delivers at least once, and the webhook enqueues without dedupe while its table is unreachable), then
 * calls the team's handler for the scheme and event type (event-handlers.ts).
 */
export function createHandler(deps: ConsumerDeps): ConsumerHandler {
  const { logger } = deps;
  const handlers = deps.handlers ?? EVENT_HANDLERS;
  const idempotencyConfig = new IdempotencyConfig({
    // The key is the delivery, not the record: a duplicate message (a replay enqueued while the webhook's table
    // was down, or SQS's at-least-once) has another messageId and receipt, but the same scheme and id.
    eventKeyJmesPath: 'key',
    expiresAfterSeconds: deps.config.dedupeSeconds,
    throwOnNoIdempotencyKey: true,
  });
  const handleOnce = makeIdempotent(
    async (input: { key: string; delivery: ReceivedDelivery }): Promise<boolean> => {
      const { delivery } = input;
      const event = webhookEvent(delivery);
      await handlerFor(handlers, event.scheme, event.eventType)(event, { logger });
      return true;
    },
    { persistenceStore: deps.persistenceStore, config: idempotencyConfig },
  );
  const processor = new BatchProcessor(EventType.SQS);

  async function processRecord(record: SqsRecord): Promise<void> {
    let delivery: ReceivedDelivery;
    try {
      delivery = decodeDeliveryMessage(record.body);
    } catch (error) {
      // Retried like any failure, then dead-lettered, where it can be looked at; its content is not logged.
      logger.error('queue message is not a webhook delivery', {
        outcome: 'failed',
        reason: 'invalid_message',
        errorName: error instanceof Error ? error.name : typeof error,
      });
      throw error;
    }
    try {
      await handleOnce({ key: `${delivery.scheme}#${delivery.deliveryId}`, delivery });
    } catch (error) {
      logger.error('webhook event failed; it will be retried', {
        outcome: 'failed',
        reason: 'event_handler_failed',
        scheme: delivery.scheme,
        eventType: delivery.eventType,
        deliveryId: delivery.deliveryId,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      throw error;
    }
  }

  return async (event, context) => {
    logger.addContext(context);
    if (context !== undefined) {
      // Lets idempotency expire an in-progress record when this invocation times out, so a retry can run.
      idempotencyConfig.registerLambdaContext(context as Parameters<IdempotencyConfig['registerLambdaContext']>[0]);
    }
    return processPartialResponse(
      event as Parameters<typeof processPartialResponse>[0],
      processRecord as Parameters<typeof processPartialResponse>[1],
      processor,
    ) as Promise<SqsBatchResponse>;
  };
}

function webhookEvent(delivery: ReceivedDelivery): WebhookEvent {
  if (!SCHEMES.includes(delivery.scheme)) {
    throw new UnknownSchemeError(`the message names scheme "${delivery.scheme}"`);
  }
  const { body } = delivery;
  return {
    scheme: delivery.scheme as DeliveryScheme,
    deliveryId: delivery.deliveryId,
    eventType: delivery.eventType,
    receivedAt: delivery.receivedAt,
    body,
    json: <T>() => JSON.parse(body.toString('utf8')) as T,
  };
}

/**
 * The production handler: the DynamoDB client and persistence layer built once per cold start. A bad
 * configuration fails every batch (so the messages are retried, then dead-lettered) with a log line naming it.
 */
export function createHandlerFromEnv(
  env: NodeJS.ProcessEnv,
  logger: AppLogger = new PowertoolsAppLogger(),
): ConsumerHandler {
  let config: ConsumerConfig;
  try {
    config = readConsumerConfig(env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return async (_event, context) => {
      logger.addContext(context);
      logger.error(`webhook-consumer misconfigured: ${message}`, { outcome: 'failed', reason: 'configuration' });
      throw error;
    };
  }
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: config.tableName,
    awsSdkV3Client: tracer.captureAWSv3Client(new DynamoDBClient(REQUEST_PATH_CLIENT_OPTIONS)),
  });
  return createHandler({ config, persistenceStore, logger });
}

export const handler: ConsumerHandler = traceHandler(createHandlerFromEnv(process.env));
