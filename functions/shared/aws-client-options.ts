// Options every AWS SDK client of the functions is built with (`new SecretsManagerClient(AWS_CLIENT_OPTIONS)`), so a
// stalled connection to an AWS endpoint fails the call with a TimeoutError the handler maps (503, a failed rotation
// step) long before Lambda kills the invocation: a Lambda timeout leaves no log line naming the cause, and the
// SDK's defaults wait without limit.

/** How long one AWS call may take, at most. */
export const AWS_CALL_LIMITS = {
  /** Opening the TCP and TLS connection (to a VPC endpoint or a regional endpoint), in milliseconds. */
  connectionTimeoutMs: 500,
  /** Sending the request and reading the whole answer, in milliseconds. */
  requestTimeoutMs: 1500,
  /** Attempts, the first included: the SDK retries throttling, server faults and timeouts once. */
  maxAttempts: 2,
  /** The SDK's standard retry waits a random time before a retry: under 1 s for one retry, throttling included. */
  retryDelayCapMs: 1000,
} as const;

/** Client configuration for every SDK client in functions/ (their config types all accept it). */
export const AWS_CLIENT_OPTIONS = {
  maxAttempts: AWS_CALL_LIMITS.maxAttempts,
  requestHandler: {
    connectionTimeout: AWS_CALL_LIMITS.connectionTimeoutMs,
    requestTimeout: AWS_CALL_LIMITS.requestTimeoutMs,
    // Without it the SDK only logs a warning when requestTimeout passes, and keeps waiting. (The SDK is the Lambda
    // runtime's, not bundled: one too old to know this option treats requestTimeout as a socket timeout that throws.)
    throwOnRequestTimeout: true,
  },
} as const;

/** The longest one AWS call can take with AWS_CLIENT_OPTIONS, every attempt timing out: what a function's timeout must exceed. */
export function worstCaseAwsCallMs(): number {
  const attempt = AWS_CALL_LIMITS.connectionTimeoutMs + AWS_CALL_LIMITS.requestTimeoutMs;
  return AWS_CALL_LIMITS.maxAttempts * attempt + (AWS_CALL_LIMITS.maxAttempts - 1) * AWS_CALL_LIMITS.retryDelayCapMs;
}

/**
 * Client configuration on a request path with a sender's deadline (the webhook and its consumer; GitHub ends a
 * delivery after 10 s): a little more time per attempt than AWS_CLIENT_OPTIONS, since a loaded queue or table
 * answers slower than a secret read, and still two attempts inside the deadline, so the handler answers 503 rather
 * than being cut off by Lambda.
 */
export const REQUEST_PATH_CLIENT_OPTIONS = {
  maxAttempts: AWS_CALL_LIMITS.maxAttempts,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true },
} as const;
