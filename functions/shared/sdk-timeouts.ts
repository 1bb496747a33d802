/**
 * Connection and request timeouts for SDK clients on a request path with a deadline (GitHub ends a delivery after
 * 10 s): a stalled connection fails in seconds, well inside the function timeout, so the handler can still answer
 * 503 rather than be cut off by Lambda. Two attempts per call: a retry still fits the sender's deadline.
 */
export const REQUEST_PATH_CLIENT_CONFIG = {
  requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  maxAttempts: 2,
} as const;
