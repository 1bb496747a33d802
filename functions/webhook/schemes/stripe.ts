import { MalformedRequestError } from '../errors';
import {
  hmacSha256,
  matchesAny,
  type ParsedSignature,
  parseUnixSeconds,
  requireHeader,
  signatureBytes,
  type WebhookScheme,
} from './scheme';

const HEADER = 'stripe-signature';

/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...][,v0=...]`; each v1 is the hex HMAC-SHA256 of
 * `<t>.<raw body>` keyed with the endpoint secret exactly as shown (`whsec_...`, not decoded). Elements
 * other than t and v1 are ignored; any v1 may match (Stripe lists several while a secret is rolled).
 * docs.stripe.com/webhooks/signature, "Verify signatures manually".
 */
export const stripe: WebhookScheme = {
  name: 'stripe',
  keyFromSecret: (secret) => Buffer.from(secret, 'utf8'),
  parse(headers, body): ParsedSignature {
    const header = requireHeader(headers, HEADER);
    let timestampText: string | undefined;
    const provided: Buffer[] = [];
    for (const element of header.split(',')) {
      const separator = element.indexOf('=');
      if (separator < 0) {
        continue;
      }
      const key = element.slice(0, separator);
      const value = element.slice(separator + 1);
      if (key === 't') {
        if (timestampText !== undefined) {
          throw new MalformedRequestError(`${HEADER} lists more than one timestamp`);
        }
        timestampText = value;
      } else if (key === 'v1') {
        provided.push(signatureBytes(value));
      }
    }
    if (timestampText === undefined) {
      throw new MalformedRequestError(`${HEADER} has no t= element`);
    }
    if (provided.length === 0) {
      throw new MalformedRequestError(`${HEADER} has no v1= signature`);
    }
    const timestamp = parseUnixSeconds(timestampText, `${HEADER} t=`);
    const prefix = `${timestampText}.`;
    return {
      timestamp,
      matches: (key) => matchesAny(hmacSha256(key, prefix, body).toString('hex'), provided),
    };
  },
};
