import { MalformedRequestError, MalformedSigningSecretError } from '../errors';
import {
  assertNotBlank,
  longEnough,
  type ParsedSignature,
  parseUnixSeconds,
  requireHeader,
  type WebhookScheme,
  wellFormedSignature,
} from './scheme';

const ID_HEADER = 'webhook-id';
const TIMESTAMP_HEADER = 'webhook-timestamp';
const SIGNATURE_HEADER = 'webhook-signature';
const SECRET_PREFIX = 'whsec_';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Standard Webhooks (symmetric): `webhook-signature` is a space-delimited list of `<version>,<base64>`;
 * each `v1` entry is the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<raw body>` keyed with
 * the base64-decoded secret after `whsec_`. Other versions (e.g. asymmetric `v1a`) are skipped.
 * github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md.
 */
export const standardWebhooks: WebhookScheme = {
  name: 'standard-webhooks',
  keyFromSecret(secret) {
    const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
    assertNotBlank(encoded);
    if (!BASE64.test(encoded)) {
      throw new MalformedSigningSecretError(`the signing secret is not ${SECRET_PREFIX} followed by base64`);
    }
    return longEnough(Buffer.from(encoded, 'base64'));
  },
  parse(headers): ParsedSignature {
    const id = requireHeader(headers, ID_HEADER);
    const timestampText = requireHeader(headers, TIMESTAMP_HEADER);
    const signatures = requireHeader(headers, SIGNATURE_HEADER);
    const timestamp = parseUnixSeconds(timestampText, TIMESTAMP_HEADER);
    const provided: string[] = [];
    let listed = 0;
    // A scan with indexOf/startsWith instead of split(): no array of entries, no version substrings.
    for (let start = 0; start <= signatures.length; ) {
      const space = signatures.indexOf(' ', start);
      const end = space < 0 ? signatures.length : space;
      if (signatures.startsWith('v1,', start)) {
        listed += 1;
        const signature = wellFormedSignature(signatures.slice(start + 3, end), 'base64');
        if (signature !== undefined) {
          provided.push(signature);
        }
      }
      start = end + 1;
    }
    if (listed === 0) {
      throw new MalformedRequestError(`${SIGNATURE_HEADER} has no v1 signature`);
    }
    const prefix = `${id}.${timestampText}.`;
    return {
      timestamp,
      prefix,
      signatures: provided,
      encoding: 'base64',
    };
  },
};
