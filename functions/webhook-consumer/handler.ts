// TEMPORARY (infrastructure branch only): the real consumer (Powertools batch processing and idempotency, typed
// handlers per scheme and event type) replaces this file when the branches merge. It exists so the
// `webhook-consumer` bundle the app stack deploys can be built and synthesized.
import { PowertoolsAppLogger } from '../shared/logger';
import { traceHandler } from '../shared/tracing';

/** The part of an SQS record this placeholder reads. */
interface QueueRecord {
  readonly messageId: string;
}

/** A partial batch response (the event source mapping reports batch item failures). */
interface BatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

const logger = new PowertoolsAppLogger();

/**
 * Reports every record as failed, so SQS keeps each message and, after the redrive's receive limit, moves it to the
 * dead-letter queue for a later redrive: with no handling code yet, nothing accepted is dropped.
 */
export const handler = traceHandler(
  async (event: { readonly Records: readonly QueueRecord[] }): Promise<BatchResponse> => {
    logger.warn('no webhook handler is deployed yet; the batch stays queued', {
      outcome: 'failed',
      reason: 'no_handler',
    });
    return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
  },
);
