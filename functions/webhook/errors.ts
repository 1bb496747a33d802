import { FunctionError } from '../shared/errors';

/** Base of the errors a webhook request can end in; responses.ts maps each class to one status and reason. */
export abstract class WebhookError extends FunctionError {}

/** Anything but POST (405). */
export class MethodNotAllowedError extends WebhookError {}

/** The body is larger than WEBHOOK_MAX_BODY_BYTES (413). */
export class BodyTooLargeError extends WebhookError {}

/** Required headers are missing or unreadable, or the body is not valid base64/UTF-16 (400). */
export class MalformedRequestError extends WebhookError {}

/** A verified request carries no usable delivery id, so it cannot be deduplicated (400, nothing stored). */
export class DeliveryIdMissingError extends MalformedRequestError {}

/** The queue message for the request would exceed SQS's 1 MiB (413, refused before anything is stored). */
export class MessageTooLargeError extends BodyTooLargeError {}

/** The message could not be put on the queue; the delivery id was released so a retry gets through (503). */
export class QueueUnavailableError extends WebhookError {}

/** Another request holds a fresh claim on the same delivery id and has not queued it yet (503, retry later). */
export class DeliveryInProgressError extends WebhookError {}

/** The request is well formed but not authentic or not fresh (401, one fixed body for all subclasses). */
export abstract class VerificationFailedError extends WebhookError {}

/** No listed signature is the HMAC of the signed content under any accepted secret. */
export class SignatureMismatchError extends VerificationFailedError {}

/** The signed timestamp is further from "now" than WEBHOOK_TOLERANCE_SECONDS, in either direction. */
export class TimestampOutOfToleranceError extends VerificationFailedError {}

/**
 * The stored signing secret must not be used as a key: a misconfiguration, answered 503 (never a
 * verification with it). The subclass says which rule it broke; the message never quotes the value.
 */
export abstract class InvalidSigningSecretError extends WebhookError {}

/** The secret is empty or only whitespace (an HMAC key anyone can compute). */
export class BlankSigningSecretError extends InvalidSigningSecretError {}

/** The secret's key is shorter than MIN_SIGNING_KEY_BYTES (after decoding, for `whsec_` values). */
export class ShortSigningSecretError extends InvalidSigningSecretError {}

/** The secret does not have the scheme's form (e.g. not `whsec_` + base64 for Standard Webhooks). */
export class MalformedSigningSecretError extends InvalidSigningSecretError {}
