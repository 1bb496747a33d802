import { encodeDeliveryMessage, SQS_MAX_MESSAGE_BYTES, sqsMessageBytes } from '../shared/delivery-message';
import type { AppLogger } from '../shared/logger';
import type { DeliveryFacts } from './delivery-facts';
import { type DeliveryLedger, deliveryKey } from './delivery-ledger';
import type { DeliveryQueue } from './delivery-queue';
import { DeliveryInProgressError, MessageTooLargeError, QueueUnavailableError } from './errors';

/** The parts delivery needs; production builds them from WEBHOOK_QUEUE_URL and WEBHOOK_DELIVERIES_TABLE. */
export interface Delivery {
  readonly ledger: DeliveryLedger;
  readonly queue: DeliveryQueue;
}

/**
 * What happened to a verified request: `queued` (first seen, now in the queue), `duplicate` (queued before:
 * nothing sent), or `queued-unrecorded` (in the queue, but the table could not be used to dedupe it).
 */
export type DeliveryOutcome = 'queued' | 'duplicate' | 'queued-unrecorded';

export interface DeliveryRequest {
  readonly scheme: string;
  readonly facts: DeliveryFacts;
  /** The verified bytes, exactly as signed. */
  readonly body: Buffer;
  /** When Lambda received the request (epoch ms): the message's receivedAt. */
  readonly receivedAtMs: number;
  /** "Now" for the record's lease and expiry (epoch ms). */
  readonly nowMs: number;
}

/**
 * Hands one verified request to the queue at most once per delivery id, and never reports success unless the
 * message is in the queue. Throws MessageTooLargeError (nothing stored), DeliveryInProgressError (another
 * request holds the id) or QueueUnavailableError (the id released again, so the sender's retry gets through).
 */
export async function deliver(
  delivery: Delivery,
  request: DeliveryRequest,
  logger: AppLogger,
): Promise<DeliveryOutcome> {
  const { scheme, facts } = request;
  const message = encodeDeliveryMessage({
    deliveryId: facts.deliveryId,
    scheme,
    eventType: facts.eventType,
    receivedAtMs: request.receivedAtMs,
    body: request.body,
  });
  // Refused before the table is touched: a body that can never be queued must leave no record behind.
  const bytes = sqsMessageBytes(message);
  if (bytes > SQS_MAX_MESSAGE_BYTES) {
    throw new MessageTooLargeError(`the queue message would be ${bytes} bytes, more than ${SQS_MAX_MESSAGE_BYTES}`);
  }

  const outcome = await delivery.ledger.claim(deliveryKey(scheme, facts.deliveryId), request.nowMs);
  switch (outcome.kind) {
    case 'queued-before':
      return 'duplicate';
    case 'in-progress':
      throw new DeliveryInProgressError('another request holds this delivery id');
    case 'unavailable':
      // Table down: enqueue anyway rather than answer 503. GitHub never retries a failed delivery by itself,
      // so a 503 would usually lose the event for good; a duplicate this lets through is caught by the
      // consumer's idempotency on scheme#deliveryId (and, during the outage, is retried from the queue).
      logger.error('deliveries table unavailable; queueing without dedupe', {
        outcome: 'failed',
        reason: 'ledger_unavailable',
        scheme,
        deliveryId: facts.deliveryId,
        errorName: nameOf(outcome.error),
      });
      await send(delivery.queue, message);
      return 'queued-unrecorded';
    case 'claimed':
      break;
  }

  try {
    await send(delivery.queue, message);
  } catch (error) {
    try {
      await delivery.ledger.release(outcome.claim);
    } catch (releaseError) {
      // The pending record stays until its lease runs out (CLAIM_LEASE_MS); then a retry takes it over.
      logger.error('could not release the delivery id after a failed send', {
        outcome: 'failed',
        reason: 'ledger_release_failed',
        scheme,
        deliveryId: facts.deliveryId,
        errorName: nameOf(releaseError),
      });
    }
    throw error;
  }
  try {
    await delivery.ledger.markQueued(outcome.claim);
  } catch (error) {
    // The message is in the queue, which is what the 2xx promises. The record stays pending; a replay after
    // its lease is queued again and the consumer's idempotency drops it.
    logger.warn('message queued, but the delivery id could not be marked queued', {
      reason: 'ledger_mark_failed',
      scheme,
      deliveryId: facts.deliveryId,
      errorName: nameOf(error),
    });
  }
  return 'queued';
}

async function send(queue: DeliveryQueue, message: string): Promise<void> {
  try {
    await queue.send(message);
  } catch (error) {
    throw new QueueUnavailableError('the delivery queue did not take the message', { cause: error });
  }
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
