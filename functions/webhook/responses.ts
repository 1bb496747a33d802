import { SecretUnavailableError } from '../shared/errors';
import { type FunctionUrlResult, jsonResponse } from '../shared/http';
import {
  BlankSigningSecretError,
  BodyTooLargeError,
  DeliveryIdMissingError,
  DeliveryInProgressError,
  MalformedRequestError,
  MalformedSigningSecretError,
  MessageTooLargeError,
  MethodNotAllowedError,
  QueueUnavailableError,
  ShortSigningSecretError,
  SignatureMismatchError,
  TimestampOutOfToleranceError,
} from './errors';

/** The one body every authentication failure gets, so a caller cannot tell which check failed. */
export const UNAUTHORIZED_BODY = { error: 'unauthorized' } as const;

const UNAVAILABLE = { status: 503, body: { error: 'service unavailable' }, headers: { 'retry-after': '30' } };

/** What a request that ended in an error gets, and the reason operators read in the log. */
export interface ErrorResponse {
  /** HTTP status code. */
  readonly status: number;
  /** Short machine-readable reason for the log line; never sent to the caller. */
  readonly reason: string;
  /** The fixed JSON body: no part of it depends on the request or the secret. */
  readonly body: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
}

// biome-ignore lint/suspicious/noExplicitAny: a class of any constructor signature; only `instanceof` is used.
type ErrorClass = abstract new (...args: any[]) => Error;

/**
 * Every error class a request can end in, with its status and log reason: the one place they are decided.
 * Matched by `instanceof` in order, so a subclass listed here wins over its base.
 */
export const ERROR_RESPONSES: ReadonlyArray<readonly [ErrorClass, ErrorResponse]> = [
  [SignatureMismatchError, { status: 401, reason: 'signature_mismatch', body: UNAUTHORIZED_BODY }],
  [TimestampOutOfToleranceError, { status: 401, reason: 'timestamp_out_of_tolerance', body: UNAUTHORIZED_BODY }],
  [DeliveryIdMissingError, { status: 400, reason: 'delivery_id_missing', body: { error: 'bad request' } }],
  // A fixed body: which part was missing or unreadable goes to the log (reason), never to the caller.
  [MalformedRequestError, { status: 400, reason: 'malformed_request', body: { error: 'bad request' } }],
  [
    MethodNotAllowedError,
    { status: 405, reason: 'method_not_allowed', body: { error: 'method not allowed' }, headers: { allow: 'POST' } },
  ],
  [MessageTooLargeError, { status: 413, reason: 'message_too_large', body: { error: 'payload too large' } }],
  [BodyTooLargeError, { status: 413, reason: 'body_too_large', body: { error: 'payload too large' } }],
  [SecretUnavailableError, { ...UNAVAILABLE, reason: 'secret_unavailable' }],
  [QueueUnavailableError, { ...UNAVAILABLE, reason: 'queue_unavailable' }],
  [DeliveryInProgressError, { ...UNAVAILABLE, reason: 'delivery_in_progress' }],
  [BlankSigningSecretError, { ...UNAVAILABLE, reason: 'signing_secret_blank' }],
  [ShortSigningSecretError, { ...UNAVAILABLE, reason: 'signing_secret_too_short' }],
  [MalformedSigningSecretError, { ...UNAVAILABLE, reason: 'signing_secret_malformed' }],
];

/** Anything not in the table: a bug, answered 500 without detail. */
export const UNEXPECTED_ERROR: ErrorResponse = {
  status: 500,
  reason: 'unexpected_error',
  body: { error: 'internal error' },
};

/** The table's entry for `error`, or UNEXPECTED_ERROR. */
export function errorResponse(error: unknown): ErrorResponse {
  for (const [type, response] of ERROR_RESPONSES) {
    if (error instanceof type) {
      return response;
    }
  }
  return UNEXPECTED_ERROR;
}

/** The HTTP result for an error response. */
export function toResult(response: ErrorResponse): FunctionUrlResult {
  return jsonResponse(response.status, response.body, response.headers);
}
