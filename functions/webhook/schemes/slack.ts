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

const SIGNATURE_HEADER = 'x-slack-signature';
const TIMESTAMP_HEADER = 'x-slack-request-timestamp';
const VERSION = 'v0';

/**
 * Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">` keyed with the app's
 * signing secret as UTF-8, timestamp in `X-Slack-Request-Timestamp`.
 * api.slack.com/authentication/verifying-requests-from-slack.
 */
export const slack: WebhookScheme = {
  name: 'slack',
  keyFromSecret: (secret) => Buffer.from(secret, 'utf8'),
  parse(headers, body): ParsedSignature {
    const signature = requireHeader(headers, SIGNATURE_HEADER);
    const timestampText = requireHeader(headers, TIMESTAMP_HEADER);
    if (!signature.startsWith(`${VERSION}=`)) {
      throw new MalformedRequestError(`${SIGNATURE_HEADER} must start with ${VERSION}=`);
    }
    const timestamp = parseUnixSeconds(timestampText, TIMESTAMP_HEADER);
    const provided = [signatureBytes(signature.slice(VERSION.length + 1))];
    const prefix = `${VERSION}:${timestampText}:`;
    return {
      timestamp,
      matches: (key) => matchesAny(hmacSha256(key, prefix, body).toString('hex'), provided),
    };
  },
};
