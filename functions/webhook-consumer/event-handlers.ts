// Where a team's webhook logic goes: one handler per scheme and event type in EVENT_HANDLERS, and
// defaultHandler for everything else. Each runs once per delivery id (the consumer's idempotency), may take up
// to the function timeout, and fails by throwing: the message is then retried from the queue and, after five
// receives, moved to the dead-letter queue (docs/webhook-delivery.md).
import type { AppLogger } from '../shared/logger';

/** The schemes the webhook function verifies (WEBHOOK_SCHEME). */
export type DeliveryScheme = 'github' | 'stripe' | 'slack' | 'standard-webhooks';

/** One verified delivery, as the webhook function queued it. */
export interface WebhookEvent<Scheme extends DeliveryScheme = DeliveryScheme> {
  readonly scheme: Scheme;
  /** The sender's delivery id; the consumer runs a handler at most once per scheme and delivery id. */
  readonly deliveryId: string;
  /** The sender's event type (GitHub `X-GitHub-Event`, Stripe `type`, Slack `event.type`), null if none. */
  readonly eventType: string | null;
  /** When the webhook function received it, ISO 8601. */
  readonly receivedAt: string;
  /** Exactly the bytes the sender signed. */
  readonly body: Buffer;
  /** The body parsed as JSON (throws SyntaxError when it is not JSON, e.g. a form-encoded Slack command). */
  json<T = unknown>(): T;
}

/** What a handler may use besides the event. */
export interface EventTools {
  /** Structured logger: log ids and types, never the body or anything secret. */
  readonly logger: AppLogger;
}

export type EventHandler<Scheme extends DeliveryScheme = DeliveryScheme> = (
  event: WebhookEvent<Scheme>,
  tools: EventTools,
) => Promise<void>;

/** Handlers by scheme, then by event type. Add yours here. */
export type EventHandlers = { readonly [Scheme in DeliveryScheme]?: Readonly<Record<string, EventHandler<Scheme>>> };

/** The example: logs which event arrived, by type and delivery id, and nothing of its content. */
export const logDelivery: EventHandler = async (event, { logger }) => {
  logger.info('webhook event received', {
    scheme: event.scheme,
    eventType: event.eventType,
    deliveryId: event.deliveryId,
    bodyBytes: event.body.length,
  });
};

export const EVENT_HANDLERS: EventHandlers = {
  // GitHub sends `ping` when a webhook is created: a safe first event to watch arrive.
  github: { ping: logDelivery },
};

/** For every scheme and event type without an entry in EVENT_HANDLERS. */
export const defaultHandler: EventHandler = logDelivery;

/** The handler for an event: its entry in `handlers`, else `fallback`. */
export function handlerFor(
  handlers: EventHandlers,
  scheme: DeliveryScheme,
  eventType: string | null,
  fallback: EventHandler = defaultHandler,
): EventHandler {
  const byType = handlers[scheme] as Readonly<Record<string, EventHandler>> | undefined;
  return (
    (eventType !== null && byType !== undefined && Object.hasOwn(byType, eventType) && byType[eventType]) || fallback
  );
}
