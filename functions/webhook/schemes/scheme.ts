import { createHmac, timingSafeEqual } from 'node:crypto';
import { MalformedRequestError } from '../errors';

export const SCHEME_NAMES = ['github', 'stripe', 'slack', 'standard-webhooks'] as const;
export type SchemeName = (typeof SCHEME_NAMES)[number];

/** Request headers with lower-cased names. */
export type RequestHeaders = Readonly<Record<string, string>>;

/** A request's signature material, parsed and bound to its body. */
export interface ParsedSignature {
  /** Epoch seconds the sender signed at; undefined for schemes without a timestamp (GitHub). */
  readonly timestamp: number | undefined;
  /** Whether any signature the request lists is the HMAC-SHA256 of the signed content under `key`. */
  matches(key: Buffer): boolean;
}

/** One provider's signature scheme: pure functions, no I/O. */
export interface WebhookScheme {
  readonly name: SchemeName;
  /** The HMAC key a stored signing secret stands for; throws InvalidSigningSecretError. */
  keyFromSecret(secret: string): Buffer;
  /** Reads the scheme's headers; throws MalformedRequestError when they are missing or unreadable. */
  parse(headers: RequestHeaders, body: Buffer): ParsedSignature;
}

/** HMAC-SHA256 of the concatenated parts, without copying the body into a new buffer. */
export function hmacSha256(key: Buffer, ...parts: ReadonlyArray<string | Buffer>): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) {
    hmac.update(part);
  }
  return hmac.digest();
}

/**
 * Whether `expected` (an encoded digest) equals any of `candidates`, each compared in constant time on
 * equal-length buffers. Every candidate is compared, so the time does not depend on which one matched.
 */
export function matchesAny(expected: string, candidates: readonly Buffer[]): boolean {
  const expectedBytes = Buffer.from(expected, 'latin1');
  let matched = false;
  for (const candidate of candidates) {
    if (candidate.length === expectedBytes.length && timingSafeEqual(candidate, expectedBytes)) {
      matched = true;
    }
  }
  return matched;
}

/** The header's value, or a MalformedRequestError naming it. */
export function requireHeader(headers: RequestHeaders, name: string): string {
  const value = headers[name];
  if (value === undefined || value === '') {
    throw new MalformedRequestError(`missing ${name} header`);
  }
  return value;
}

const UNIX_SECONDS = /^\d{1,12}$/;

/** A Unix timestamp in whole seconds as sent in a header, or a MalformedRequestError. */
export function parseUnixSeconds(value: string, what: string): number {
  if (!UNIX_SECONDS.test(value)) {
    throw new MalformedRequestError(`${what} is not a Unix timestamp in seconds`);
  }
  return Number(value);
}

/** The UTF-8 bytes of a signature as sent, for constant-time comparison with the expected encoding. */
export function signatureBytes(value: string): Buffer {
  return Buffer.from(value, 'utf8');
}
