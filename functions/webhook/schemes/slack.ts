import { MalformedRequestError } from '../errors';
import {
  type ParsedSignature,
  parseUnixSeconds,
  requireHeader,
  utf8Key,
  type WebhookScheme,
  wellFormedSignature,
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
  keyFromSecret: utf8Key,
  parse(headers): ParsedSignature {
    const signature = requireHeader(headers, SIGNATURE_HEADER);
    const timestampText = requireHeader(headers, TIMESTAMP_HEADER);
    if (!signature.startsWith(`${VERSION}=`)) {
      throw new MalformedRequestError(`${SIGNATURE_HEADER} must start with ${VERSION}=`);
    }
    const timestamp = parseUnixSeconds(timestampText, TIMESTAMP_HEADER);
    const digest = wellFormedSignature(signature.slice(VERSION.length + 1), 'hex');
    const provided = digest === undefined ? [] : [digest];
    const prefix = `${VERSION}:${timestampText}:`;
    return {
      timestamp,
      prefix,
      signatures: provided,
      encoding: 'hex',
    };
  },
};
