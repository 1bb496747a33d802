// Independent test-side signers, written from the providers' specifications (not from the production code),
// so a test that signs here and verifies there checks one implementation against another.
import { createHmac } from 'node:crypto';

function hmac(key: Buffer | string, content: Buffer | string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', key).update(content).digest(encoding);
}

export function githubSignature(secret: string, body: Buffer | string): string {
  return `sha256=${hmac(secret, body, 'hex')}`;
}

export function stripeSignature(secret: string, timestamp: number, body: Buffer | string): string {
  return hmac(secret, Buffer.concat([Buffer.from(`${timestamp}.`), Buffer.from(body)]), 'hex');
}

export function slackSignature(secret: string, timestamp: number, body: Buffer | string): string {
  return `v0=${hmac(secret, Buffer.concat([Buffer.from(`v0:${timestamp}:`), Buffer.from(body)]), 'hex')}`;
}

export function standardSignature(secret: string, id: string, timestamp: number, body: Buffer | string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${hmac(key, Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(body)]), 'base64')}`;
}

export type SchemeUnderTest = 'github' | 'stripe' | 'slack' | 'standard-webhooks';

/** Headers a genuine sender of `scheme` would send for `body` at `timestamp`, signed with `secret`. */
export function signedHeaders(
  scheme: SchemeUnderTest,
  secret: string,
  body: Buffer | string,
  timestamp: number,
): Record<string, string> {
  switch (scheme) {
    case 'github':
      return { 'x-hub-signature-256': githubSignature(secret, body), 'x-github-event': 'ping' };
    case 'stripe':
      return { 'stripe-signature': `t=${timestamp},v1=${stripeSignature(secret, timestamp, body)}` };
    case 'slack':
      return {
        'x-slack-signature': slackSignature(secret, timestamp, body),
        'x-slack-request-timestamp': String(timestamp),
      };
    case 'standard-webhooks':
      return {
        'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': standardSignature(secret, 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', timestamp, body),
      };
  }
}

/** A signing secret in the form each scheme's senders use. */
export function secretFor(scheme: SchemeUnderTest, seed: string): string {
  return scheme === 'standard-webhooks'
    ? `whsec_${Buffer.from(`${seed}-32-bytes-of-key-material!!`).toString('base64')}`
    : `${seed}-signing-secret`;
}
