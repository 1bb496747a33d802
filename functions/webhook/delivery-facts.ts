import { createHash } from 'node:crypto';
import { DeliveryIdMissingError } from './errors';
import type { RequestHeaders, SchemeName } from './schemes/scheme';

/** What the webhook reads from a verified request to dedupe and route it. */
export interface DeliveryFacts {
  /** The sender's own id of this delivery: the dedupe key, and the consumer's idempotency key. */
  readonly deliveryId: string;
  /** The sender's event type, or null when the request names none. */
  readonly eventType: string | null;
}

/**
 * The form an id must have: printable ASCII without spaces, at most 256 characters. Every sender's ids fit
 * (UUIDs, `evt_...`, `msg_...`, `Ev...`); the bound keeps the table key and the logs small and plain.
 */
const DELIVERY_ID = /^[\x21-\x7e]{1,256}$/;
/** Event types are names like `push` or `customer.subscription.updated`; anything else is passed as null. */
const EVENT_TYPE = /^[\x21-\x7e]{1,128}$/;

/**
 * The delivery id and event type of a request that passed verification, per scheme:
 * - GitHub: `X-GitHub-Delivery`, `X-GitHub-Event`;
 * - Standard Webhooks: `webhook-id` (the signed id), the body's `type`;
 * - Stripe: the body's event `id` and `type`;
 * - Slack: the body's `event_id` and `event.type`; for requests without one (slash commands, interactivity),
 *   the SHA-256 of `X-Slack-Signature`: unique per signed request, and no signature is stored or logged.
 * Throws DeliveryIdMissingError (400) when the id is missing or not of the expected form.
 */
export function deliveryFacts(scheme: SchemeName, headers: RequestHeaders, body: Buffer): DeliveryFacts {
  switch (scheme) {
    case 'github':
      return facts(headers['x-github-delivery'], headers['x-github-event'], 'X-GitHub-Delivery header');
    case 'standard-webhooks':
      return facts(headers['webhook-id'], stringField(jsonObject(body), 'type'), 'webhook-id header');
    case 'stripe': {
      const event = jsonObject(body);
      return facts(stringField(event, 'id'), stringField(event, 'type'), 'event id in the body');
    }
    case 'slack': {
      const payload = jsonObject(body);
      const inner = payload?.event;
      const eventType = typeof inner === 'object' && inner !== null ? stringField(inner, 'type') : undefined;
      const eventId = stringField(payload, 'event_id');
      const signature = headers['x-slack-signature'];
      const id = eventId ?? (signature === undefined ? undefined : `sig-sha256-${sha256Hex(signature)}`);
      return facts(id, eventType, 'event_id or X-Slack-Signature');
    }
  }
}

function facts(id: string | undefined, eventType: string | undefined, what: string): DeliveryFacts {
  if (id === undefined || !DELIVERY_ID.test(id)) {
    throw new DeliveryIdMissingError(`the request has no usable delivery id (${what})`);
  }
  return { deliveryId: id, eventType: eventType !== undefined && EVENT_TYPE.test(eventType) ? eventType : null };
}

/** The body as a JSON object, or undefined when it is not one (e.g. a form-encoded Slack command). */
function jsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringField(object: object | undefined, name: string): string | undefined {
  const value = object === undefined ? undefined : (object as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
