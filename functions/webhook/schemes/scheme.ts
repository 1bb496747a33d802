import { createHmac, timingSafeEqual } from 'node:crypto';
import { BlankSigningSecretError, MalformedRequestError, ShortSigningSecretError } from '../errors';

export const SCHEME_NAMES = ['github', 'stripe', 'slack', 'standard-webhooks'] as const;
export type SchemeName = (typeof SCHEME_NAMES)[number];

/** Request headers with lower-cased names. */
export type RequestHeaders = Readonly<Record<string, string>>;

export type DigestEncoding = 'hex' | 'base64';

/**
 * A request's signature material as plain data (no per-request closures: the bundle keeps function names,
 * which makes every closure creation cost a defineProperty). See signatureMatches.
 */
export interface ParsedSignature {
  /** Epoch seconds the sender signed at; undefined for schemes without a timestamp (GitHub). */
  readonly timestamp: number | undefined;
  /** What the scheme signs before the raw body, e.g. `<t>.` for Stripe; '' for GitHub. */
  readonly prefix: string;
  /** Every well-formed signature the request lists for this scheme's version, as sent. */
  readonly signatures: readonly string[];
  /** How the scheme encodes a digest. */
  readonly encoding: DigestEncoding;
}

/** One provider's signature scheme: pure functions, no I/O. */
export interface WebhookScheme {
  readonly name: SchemeName;
  /**
   * The HMAC key a stored signing secret stands for; throws an InvalidSigningSecretError subclass for a
   * blank secret, a key shorter than MIN_SIGNING_KEY_BYTES, or a value not in the scheme's form.
   */
  keyFromSecret(secret: string): Buffer;
  /** Reads the scheme's headers; throws MalformedRequestError when they are missing or unreadable. */
  parse(headers: RequestHeaders): ParsedSignature;
}

/**
 * The shortest HMAC key a stored secret may stand for. Every provider issues longer ones (Slack 32 hex
 * characters, Stripe and Standard Webhooks 24-32 random bytes); anything shorter is a typo or a placeholder.
 */
export const MIN_SIGNING_KEY_BYTES = 16;

/** Throws BlankSigningSecretError for an empty or whitespace-only secret (before any decoding). */
export function assertNotBlank(secret: string): void {
  if (secret.trim() === '') {
    throw new BlankSigningSecretError('the signing secret is empty or whitespace only');
  }
}

/** `key`, or ShortSigningSecretError when it is shorter than MIN_SIGNING_KEY_BYTES. */
export function longEnough(key: Buffer): Buffer {
  if (key.length < MIN_SIGNING_KEY_BYTES) {
    throw new ShortSigningSecretError(
      `the signing key is ${key.length} bytes, fewer than the ${MIN_SIGNING_KEY_BYTES} required`,
    );
  }
  return key;
}

/** The key of a scheme that uses the secret's UTF-8 bytes as they are (GitHub, Stripe, Slack), checked. */
export function utf8Key(secret: string): Buffer {
  assertNotBlank(secret);
  return longEnough(Buffer.from(secret, 'utf8'));
}

/** Whether any signature the request lists is the HMAC-SHA256 of prefix + body under `key`. */
export function signatureMatches(parsed: ParsedSignature, body: Buffer, key: Buffer): boolean {
  return matchesAny(hmacSha256(key, parsed.encoding, parsed.prefix, body), parsed.signatures);
}

/**
 * HMAC-SHA256 of `prefix` + `body`, encoded as the scheme sends it. The body is fed as is (no copy into a
 * concatenated buffer), and the digest is encoded by OpenSSL directly, which is cheaper than digest() then
 * toString().
 */
export function hmacSha256(key: Buffer, encoding: DigestEncoding, prefix: string, body: Buffer): string {
  return createHmac('sha256', key).update(prefix).update(body).digest(encoding);
}

const SIGNATURE_FORMATS = {
  hex: /^[0-9a-f]{64}$/,
  base64: /^[A-Za-z0-9+/]{43}=$/,
} as const;

/**
 * A signature as sent, if it has the form of a SHA-256 digest in `encoding` (lower-case hex, or padded
 * base64); undefined otherwise. Such a value can never match, and the check guarantees matchesAny ASCII.
 */
export function wellFormedSignature(value: string, encoding: DigestEncoding): string | undefined {
  return SIGNATURE_FORMATS[encoding].test(value) ? value : undefined;
}

// One pair of scratch buffers per digest length, reused by every comparison: matchesAny is synchronous, so no
// other request can interleave, and a request then costs no buffer allocations for its comparisons.
const scratch = new Map<number, readonly [Buffer, Buffer]>();

function scratchPair(length: number): readonly [Buffer, Buffer] {
  let pair = scratch.get(length);
  if (pair === undefined) {
    pair = [Buffer.alloc(length), Buffer.alloc(length)];
    scratch.set(length, pair);
  }
  return pair;
}

/**
 * Whether `expected` (an encoded digest) equals any of `candidates` (ASCII, from wellFormedSignature), each
 * compared with crypto.timingSafeEqual on equal-length buffers. Every candidate is compared, so the time
 * does not depend on which one matched.
 */
export function matchesAny(expected: string, candidates: readonly string[]): boolean {
  const [mine, theirs] = scratchPair(expected.length);
  mine.write(expected, 'latin1');
  let matched = false;
  for (const candidate of candidates) {
    if (candidate.length === expected.length) {
      theirs.write(candidate, 'latin1');
      if (timingSafeEqual(mine, theirs)) {
        matched = true;
      }
    }
  }
  // Each write fills a whole buffer (lengths are equal), so nothing of an earlier request is ever compared.
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
