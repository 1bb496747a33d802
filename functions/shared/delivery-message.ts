import { isUtf8 } from 'node:buffer';
import { FunctionError } from './errors';

/**
 * What the webhook function puts on the delivery queue for every verified, first-seen request, and what the
 * consumer reads back: one JSON object per SQS message body (docs/webhook-delivery.md, "The message").
 */
export interface DeliveryMessage {
  /** The sender's own id of the delivery (GitHub X-GitHub-Delivery, Standard Webhooks webhook-id, ...). */
  readonly deliveryId: string;
  /** The signature scheme the request was verified with (WEBHOOK_SCHEME). */
  readonly scheme: string;
  /** The sender's event type (GitHub X-GitHub-Event, Stripe `type`, Slack `event.type`), null when it names none. */
  readonly eventType: string | null;
  /** When Lambda received the request, ISO 8601 (UTC). */
  readonly receivedAt: string;
  /** The signed bytes as text, when they are UTF-8 that SQS can carry. */
  readonly body?: string;
  /** The signed bytes in base64, when they are not (see bodyFields). */
  readonly bodyBase64?: string;
}

/** How long a delivery id is remembered by default (WEBHOOK_DEDUPE_SECONDS): 30 days, the replay window. */
export const DEFAULT_DEDUPE_SECONDS = 30 * 86_400;
/** The shortest window accepted: a minute. */
export const MIN_DEDUPE_SECONDS = 60;
/** The longest: ten years, a bound on typos rather than a policy (the config's dedupeDays decides). */
export const MAX_DEDUPE_SECONDS = 3650 * 86_400;

/** The largest message SQS accepts: 1 MiB, counted as the UTF-8 bytes of the body plus its attributes. */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

/**
 * Characters SQS refuses in a message body (InvalidMessageContents): it accepts only #x9 | #xA | #xD |
 * #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. JSON.stringify escapes the C0 controls and lone surrogates;
 * U+FFFE and U+FFFF are valid UTF-8 it leaves as they are, so a body holding them travels as base64.
 */
const SQS_REFUSED_CHARACTERS = /[\uFFFE\uFFFF]/;

/** `body` or `bodyBase64` for the signed bytes: text only when the bytes are UTF-8 and SQS can carry it. */
export function bodyFields(bytes: Buffer): { readonly body: string } | { readonly bodyBase64: string } {
  if (isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    if (!SQS_REFUSED_CHARACTERS.test(text)) {
      return { body: text };
    }
  }
  return { bodyBase64: bytes.toString('base64') };
}

/** The message body for one delivery, as the JSON text that is sent. */
export function encodeDeliveryMessage(input: {
  readonly deliveryId: string;
  readonly scheme: string;
  readonly eventType: string | null;
  readonly receivedAtMs: number;
  readonly body: Buffer;
}): string {
  const message: DeliveryMessage = {
    deliveryId: input.deliveryId,
    scheme: input.scheme,
    eventType: input.eventType,
    receivedAt: new Date(input.receivedAtMs).toISOString(),
    ...bodyFields(input.body),
  };
  return JSON.stringify(message);
}

/** Bytes SQS counts for a message: the UTF-8 body (the webhook sets no message attributes). */
export function sqsMessageBytes(messageBody: string): number {
  return Buffer.byteLength(messageBody, 'utf8');
}

/** A queue message that is not a DeliveryMessage (a bug, or something else sent to the queue). */
export class InvalidDeliveryMessageError extends FunctionError {}

/** A DeliveryMessage read back, with the signed bytes decoded. */
export interface ReceivedDelivery {
  readonly deliveryId: string;
  readonly scheme: string;
  readonly eventType: string | null;
  readonly receivedAt: string;
  /** Exactly the bytes the sender signed. */
  readonly body: Buffer;
}

/** Parses and checks a queue message body; throws InvalidDeliveryMessageError naming what is wrong. */
export function decodeDeliveryMessage(text: string): ReceivedDelivery {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidDeliveryMessageError('the message body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidDeliveryMessageError('the message body is not a JSON object');
  }
  const fields = parsed as Record<string, unknown>;
  const requiredText = (name: string): string => {
    const value = fields[name];
    if (typeof value !== 'string' || value === '') {
      throw new InvalidDeliveryMessageError(`the message has no ${name}`);
    }
    return value;
  };
  const eventType = fields.eventType;
  if (eventType !== null && typeof eventType !== 'string') {
    throw new InvalidDeliveryMessageError('the message eventType is neither a string nor null');
  }
  let body: Buffer;
  if (typeof fields.body === 'string' && fields.bodyBase64 === undefined) {
    body = Buffer.from(fields.body, 'utf8');
  } else if (typeof fields.bodyBase64 === 'string' && fields.body === undefined) {
    body = Buffer.from(fields.bodyBase64, 'base64');
  } else {
    throw new InvalidDeliveryMessageError('the message must carry exactly one of body and bodyBase64');
  }
  return {
    deliveryId: requiredText('deliveryId'),
    scheme: requiredText('scheme'),
    eventType,
    receivedAt: requiredText('receivedAt'),
    body,
  };
}
