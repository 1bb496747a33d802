import { SignatureMismatchError, TimestampOutOfToleranceError } from './errors';
import { type ParsedSignature, type RequestHeaders, signatureMatches, type WebhookScheme } from './schemes/scheme';

/** "Now" and how far from it a signed timestamp may be. */
export interface FreshnessWindow {
  /** Epoch seconds of the request's arrival. */
  readonly nowSeconds: number;
  readonly toleranceSeconds: number;
}

/** Throws TimestampOutOfToleranceError when the signed timestamp is too old or too far in the future. */
export function assertFresh(parsed: ParsedSignature, window: FreshnessWindow): void {
  if (parsed.timestamp !== undefined && Math.abs(window.nowSeconds - parsed.timestamp) > window.toleranceSeconds) {
    throw new TimestampOutOfToleranceError('signed timestamp is outside the tolerance');
  }
}

/**
 * Verifies a request against every accepted key in order and returns the index of the first that matches.
 * Throws MalformedRequestError (unreadable headers), TimestampOutOfToleranceError or SignatureMismatchError.
 */
export function verifyWebhook(
  scheme: WebhookScheme,
  headers: RequestHeaders,
  body: Buffer,
  keys: readonly Buffer[],
  window: FreshnessWindow,
): number {
  const parsed = scheme.parse(headers);
  assertFresh(parsed, window);
  for (let index = 0; index < keys.length; index += 1) {
    if (signatureMatches(parsed, body, keys[index] as Buffer)) {
      return index;
    }
  }
  throw new SignatureMismatchError('no signature matches');
}

/** "Now" for a request: when Lambda received it (requestContext.timeEpoch), else the clock. */
export function arrivalSeconds(timeEpochMs: unknown, clockMs: () => number): number {
  const ms =
    typeof timeEpochMs === 'number' && Number.isFinite(timeEpochMs) && timeEpochMs > 0 ? timeEpochMs : clockMs();
  return Math.floor(ms / 1000);
}
