// Cross-checks against the providers' official libraries, used as dev-only oracles on generated cases:
// what the library signs, we accept; what we accept after a change to body or signature, the library
// rejects as well (and the other way round). The secrets stay random: where the library refuses a secret
// (Stripe: a blank one), ours refuses too; where ours refuses a secret the library would use (blank, or a
// key under 16 bytes: a misconfiguration we answer with 503), we expect refusal, never acceptance.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { SCHEMES } from '../../../functions/webhook/schemes';
import type { WebhookScheme } from '../../../functions/webhook/schemes/scheme';
import { verifyWebhook } from '../../../functions/webhook/verify';
import { stripeSignature } from './signers';

const TOLERANCE = 300;
const RUNS = 200;

function ourVerdict(scheme: WebhookScheme, headers: Record<string, string>, body: string, secret: string, now: number) {
  try {
    verifyWebhook(scheme, headers, Buffer.from(body), [scheme.keyFromSecret(secret)], {
      nowSeconds: now,
      toleranceSeconds: TOLERANCE,
    });
    return true;
  } catch {
    return false;
  }
}

/** Our rule for a usable secret, restated independently of the code: not blank, at least 16 bytes. */
function usableTextSecret(secret: string): boolean {
  return secret.trim() !== '' && Buffer.byteLength(secret, 'utf8') >= 16;
}

const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 });
// Any secret (fast-check favours short ones, blank included) half the time, one long enough to be usable otherwise.
const secretText = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 64 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 16, maxLength: 64 }),
);

describe('GitHub, against @octokit/webhooks-methods', () => {
  interface Case {
    secret: string;
    payload: string;
    tampered: string;
  }
  const cases: Case[] = fc.sample(
    fc.record({ secret: secretText, payload: text, suffix: text }).map(({ secret, payload, suffix }) => ({
      secret,
      payload,
      tampered: payload + suffix,
    })),
    { numRuns: RUNS },
  );

  function octokit(batch: Array<{ secret: string; payload: string; signature?: string }>) {
    const run = spawnSync(process.execPath, [join(__dirname, 'octokit-oracle.mjs')], {
      input: JSON.stringify(batch),
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as Array<{ signature: string; verified: boolean; refused?: boolean }>;
  }

  it('accepts every signature octokit computes, and agrees with octokit on tampered bodies', () => {
    // Arrange
    const signed = octokit(cases);
    const onTampered = octokit(
      cases.map((c, i) => ({ secret: c.secret, payload: c.tampered, signature: signed[i]?.signature })),
    );

    // Act
    const accepted = cases.map((c, i) =>
      ourVerdict(SCHEMES.github, { 'x-hub-signature-256': signed[i]?.signature ?? '' }, c.payload, c.secret, 0),
    );
    const acceptedTampered = cases.map((c, i) =>
      ourVerdict(SCHEMES.github, { 'x-hub-signature-256': signed[i]?.signature ?? '' }, c.tampered, c.secret, 0),
    );

    // Assert
    expect(accepted).toEqual(cases.map((c, i) => usableTextSecret(c.secret) && signed[i]?.verified === true));
    expect(acceptedTampered).toEqual(onTampered.map((r, i) => usableTextSecret(cases[i]?.secret ?? '') && r.verified));
    expect(acceptedTampered.some(Boolean)).toBe(false);
    // The random secrets reach both sides of the rule.
    expect(cases.some((c) => usableTextSecret(c.secret))).toBe(true);
    expect(cases.some((c) => !usableTextSecret(c.secret))).toBe(true);
  });
});

describe('Stripe, against the stripe SDK (generateTestHeaderString / verifyHeader)', () => {
  const webhooks = new Stripe('sk_test_oracle').webhooks;
  const now = Math.floor(Date.now() / 1000);

  /** The header the SDK generates, or undefined when it refuses the secret. */
  function generated(payload: string, secret: string, timestamp: number): string | undefined {
    try {
      return webhooks.generateTestHeaderString({ payload, secret, timestamp });
    } catch {
      return undefined;
    }
  }

  function stripeVerdict(body: string, header: string, secret: string): boolean {
    try {
      // constructEvent would also JSON.parse the body; verifyHeader is the signature check alone.
      return webhooks.signature?.verifyHeader(body, header, secret, TOLERANCE, undefined, now * 1000) === true;
    } catch {
      return false;
    }
  }

  it('accepts every header the SDK generates and verifies, within the tolerance, under a usable secret', () => {
    fc.assert(
      fc.property(secretText, text, fc.integer({ min: -TOLERANCE, max: 0 }), (secret, body, age) => {
        const header = generated(body, secret, now + age) ?? `t=${now + age},v1=${'0'.repeat(64)}`;
        const library = stripeVerdict(body, header, secret);

        const ours = ourVerdict(SCHEMES.stripe, { 'stripe-signature': header }, body, secret, now);

        expect(ours).toBe(usableTextSecret(secret) && library);
        if (!library) expect(ours).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(['   ', '\t', ' \n '])('refuses a whitespace-only secret %j, as the SDK does', (secret) => {
    const header = `t=${now},v1=${stripeSignature(secret, now, '{}')}`;

    expect(stripeVerdict('{}', header, secret)).toBe(false);
    expect(ourVerdict(SCHEMES.stripe, { 'stripe-signature': header }, '{}', secret, now)).toBe(false);
  });

  it('agrees with the SDK on changed bodies, changed timestamps and expired headers', () => {
    fc.assert(
      fc.property(
        secretText,
        text,
        text,
        fc.integer({ min: -3 * TOLERANCE, max: 0 }),
        fc.constantFrom('body', 'timestamp', 'age'),
        (secret, body, other, age, change) => {
          const header = generated(body, secret, now + age) ?? `t=${now + age},v1=${'0'.repeat(64)}`;
          const sentHeader =
            change === 'timestamp' ? header.replace(/^t=(\d+)/, (_m, t) => `t=${Number(t) - 1}`) : header;
          const sentBody = change === 'body' ? body + other : body;

          expect(ourVerdict(SCHEMES.stripe, { 'stripe-signature': sentHeader }, sentBody, secret, now)).toBe(
            usableTextSecret(secret) && stripeVerdict(sentBody, sentHeader, secret),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('Standard Webhooks, against the standardwebhooks library', () => {
  const secretBytes = fc.uint8Array({ minLength: 24, maxLength: 64 });
  const msgId = fc.stringMatching(/^msg_[A-Za-z0-9]{1,27}$/);

  it('accepts every signature the library computes, and agrees with its verify on changed bodies', () => {
    fc.assert(
      fc.property(
        secretBytes,
        msgId,
        text,
        text,
        fc.integer({ min: -TOLERANCE, max: TOLERANCE }),
        (key, id, body, other, skew) => {
          // Arrange
          const secret = `whsec_${Buffer.from(key).toString('base64')}`;
          const library = new StandardWebhook(secret);
          const now = Math.floor(Date.now() / 1000);
          const signedAt = now + skew;
          const headers = {
            'webhook-id': id,
            'webhook-timestamp': String(signedAt),
            'webhook-signature': library.sign(id, new Date(signedAt * 1000), body),
          };
          const libraryVerdict = (payload: string) => {
            try {
              library.verify(payload, headers, { jsonParse: false });
              return true;
            } catch {
              return false;
            }
          };

          // Act
          const ours = ourVerdict(SCHEMES['standard-webhooks'], headers, body, secret, now);
          const oursChanged = ourVerdict(SCHEMES['standard-webhooks'], headers, body + other, secret, now);

          // Assert
          expect(ours).toBe(true);
          expect(oursChanged).toBe(libraryVerdict(body + other));
          expect(oursChanged).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
