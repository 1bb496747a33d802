import { FunctionError } from '../shared/errors';

/** Base of the errors a webhook request can end in; the handler maps each class to one status code. */
export abstract class WebhookError extends FunctionError {}

/** Anything but POST (405). */
export class MethodNotAllowedError extends WebhookError {}

/** The body is larger than WEBHOOK_MAX_BODY_BYTES (413). */
export class BodyTooLargeError extends WebhookError {}

/** Required headers are missing or unreadable, or the body is not valid base64/UTF-16 (400). */
export class MalformedRequestError extends WebhookError {}

/** The request is well formed but not authentic or not fresh (401, one fixed body for all subclasses). */
export abstract class VerificationFailedError extends WebhookError {}

/** No listed signature is the HMAC of the signed content under any accepted secret. */
export class SignatureMismatchError extends VerificationFailedError {}

/** The signed timestamp is further from "now" than WEBHOOK_TOLERANCE_SECONDS, in either direction. */
export class TimestampOutOfToleranceError extends VerificationFailedError {}

/** The stored signing secret cannot be a key for the scheme (e.g. not `whsec_` + base64) (503). */
export class InvalidSigningSecretError extends WebhookError {}
