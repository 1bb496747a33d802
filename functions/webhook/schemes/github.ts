import { MalformedRequestError } from '../errors';
import {
  hmacSha256,
  matchesAny,
  type ParsedSignature,
  requireHeader,
  signatureBytes,
  type WebhookScheme,
} from './scheme';

const HEADER = 'x-hub-signature-256';
const PREFIX = 'sha256=';

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the webhook secret
 * as UTF-8. No timestamp (GitHub signs none). docs.github.com, "Validating webhook deliveries".
 */
export const github: WebhookScheme = {
  name: 'github',
  keyFromSecret: (secret) => Buffer.from(secret, 'utf8'),
  parse(headers, body): ParsedSignature {
    const header = requireHeader(headers, HEADER);
    if (!header.startsWith(PREFIX)) {
      throw new MalformedRequestError(`${HEADER} must start with ${PREFIX}`);
    }
    const provided = [signatureBytes(header.slice(PREFIX.length))];
    return {
      timestamp: undefined,
      matches: (key) => matchesAny(hmacSha256(key, body).toString('hex'), provided),
    };
  },
};
