import { MalformedRequestError } from '../errors';
import { type ParsedSignature, requireHeader, utf8Key, type WebhookScheme, wellFormedSignature } from './scheme';

const HEADER = 'x-hub-signature-256';
const PREFIX = 'sha256=';

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the webhook secret
 * as UTF-8. No timestamp (GitHub signs none). docs.github.com, "Validating webhook deliveries".
 */
export const github: WebhookScheme = {
  name: 'github',
  keyFromSecret: utf8Key,
  parse(headers): ParsedSignature {
    const header = requireHeader(headers, HEADER);
    if (!header.startsWith(PREFIX)) {
      throw new MalformedRequestError(`${HEADER} must start with ${PREFIX}`);
    }
    const signature = wellFormedSignature(header.slice(PREFIX.length), 'hex');
    const provided = signature === undefined ? [] : [signature];
    return {
      timestamp: undefined,
      prefix: '',
      signatures: provided,
      encoding: 'hex',
    };
  },
};
