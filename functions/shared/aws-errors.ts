/**
 * Whether an AWS SDK failure says nothing about the caller's right to a value (`transient`: throttling, a
 * server fault, the network), or that the service answered and refused (`refused`: access denied, the
 * resource or its key deleted or disabled, decryption failed, anything else the service blamed on the
 * request). Only a transient failure may leave a cached value in use: serving a value after a refusal would
 * keep a revoked secret working.
 */
export type AwsErrorClass = 'transient' | 'refused';

// The SDK's own retry classification (@smithy/service-error-classification) names these; the list is kept
// here because that package is not one of ours, and the decision must not move with its version.
const THROTTLING_NAMES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);
/** Server faults by name, for errors whose HTTP status did not survive (e.g. a fake or a wrapped error). */
const SERVER_FAULT_NAMES = new Set([
  'InternalServiceError',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
]);
/** The SDK's names for a request that got no answer in time. */
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
/** Node's socket and resolver error codes: the request never reached the service, or its answer never came. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $retryable?: { readonly throttling?: unknown };
}

/**
 * Classifies by the error's name, `$metadata.httpStatusCode`, `$fault` and Node's `code`, never by its
 * message. Anything not recognisably transient is `refused`: an unknown failure fails closed.
 */
export function classifyAwsError(error: unknown): AwsErrorClass {
  if (typeof error !== 'object' || error === null) {
    return 'refused';
  }
  const shape = error as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : '';
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const throttled = isThrottlingError(error);
  const serverFault =
    SERVER_FAULT_NAMES.has(name) || shape.$fault === 'server' || (status !== undefined && status >= 500);
  const network = TIMEOUT_NAMES.has(name) || (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code));
  return throttled || serverFault || network ? 'transient' : 'refused';
}

/** Whether the service throttled the call (by name, HTTP 429 or the SDK's mark): a retry should wait longer. */
export function isThrottlingError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const shape = error as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : '';
  return THROTTLING_NAMES.has(name) || shape.$metadata?.httpStatusCode === 429 || shape.$retryable?.throttling === true;
}
