import { MalformedRequestError } from '../errors';
import {
  type ParsedSignature,
  parseUnixSeconds,
  requireHeader,
  utf8Key,
  type WebhookScheme,
  wellFormedSignature,
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
  keyFromSecret: utf8Key,
  parse(headers): ParsedSignature {
    const header = requireHeader(headers, HEADER);
    let timestampText: string | undefined;
    const provided: string[] = [];
    let listed = 0;
    // A scan with indexOf/startsWith instead of split(): no array of elements, no key substrings.
    for (let start = 0; start <= header.length; ) {
      const comma = header.indexOf(',', start);
      const end = comma < 0 ? header.length : comma;
      if (header.startsWith('t=', start)) {
        if (timestampText !== undefined) {
          throw new MalformedRequestError(`${HEADER} lists more than one timestamp`);
        }
        timestampText = header.slice(start + 2, end);
      } else if (header.startsWith('v1=', start)) {
        listed += 1;
        const signature = wellFormedSignature(header.slice(start + 3, end), 'hex');
        if (signature !== undefined) {
          provided.push(signature);
        }
      }
      start = end + 1;
    }
    if (timestampText === undefined) {
      throw new MalformedRequestError(`${HEADER} has no t= element`);
    }
    if (listed === 0) {
      throw new MalformedRequestError(`${HEADER} has no v1= signature`);
    }
    const timestamp = parseUnixSeconds(timestampText, `${HEADER} t=`);
    const prefix = `${timestampText}.`;
    return {
      timestamp,
      prefix,
      signatures: provided,
      encoding: 'hex',
    };
  },
};
