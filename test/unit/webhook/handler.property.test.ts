import fc from 'fast-check';
import type { FunctionUrlEvent } from '../../../functions/shared/http';
import type { AppLogger } from '../../../functions/shared/logger';
import { createHandler } from '../../../functions/webhook/handler';
import { FakeSecrets, webhookConfig } from './fakes';
import { type SchemeUnderTest, secretFor, signedHeaders } from './signers';

const silent: AppLogger = { info() {}, warn() {}, error() {}, addContext() {} };
const NOW_MS = 1_760_000_000_000;
const SCHEMES: SchemeUnderTest[] = ['github', 'stripe', 'slack', 'standard-webhooks'];
const HEADER_NAMES = [
  'x-hub-signature-256',
  'stripe-signature',
  'x-slack-signature',
  'x-slack-request-timestamp',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-type',
];

// Header values that look like the real thing often enough to reach the HMAC comparison.
const headerValue = fc.oneof(
  fc.string(),
  fc.stringMatching(/^sha256=[0-9a-f]{64}$/),
  fc.stringMatching(/^v0=[0-9a-f]{64}$/),
  fc.stringMatching(/^t=17600000[0-9]{2},v1=[0-9a-f]{64}$/),
  fc.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
  fc.constant(String(NOW_MS / 1000)),
);
const headers = fc.dictionary(fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string()), headerValue, { maxKeys: 8 });
const event = fc.record(
  {
    headers,
    body: fc.oneof(fc.string(), fc.base64String(), fc.string({ unit: 'binary' })),
    isBase64Encoded: fc.boolean(),
    requestContext: fc.record(
      {
        timeEpoch: fc.oneof(fc.constant(NOW_MS), fc.integer(), fc.double()),
        http: fc.record({ method: fc.oneof(fc.constant('POST'), fc.string()) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

describe.each(SCHEMES)('webhook handler under random input, %s', (scheme) => {
  const secret = secretFor(scheme, 'property');
  const handler = createHandler({
    config: webhookConfig(scheme, { maxBodyBytes: 4096 }),
    secrets: new FakeSecrets({ AWSCURRENT: secret, AWSPREVIOUS: secretFor(scheme, 'older') }),
    clock: { now: () => NOW_MS },
    logger: silent,
  });

  it('never throws, never answers 2xx, and never echoes the secret for unsigned requests', async () => {
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const response = await handler(e as FunctionUrlEvent);

        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect([400, 401, 405, 413]).toContain(response.statusCode);
        expect(response.body).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });

  it('answers events of any shape with a 4xx instead of throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (anything) => {
        const response = await handler(anything as FunctionUrlEvent);

        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });
});

describe.each(['github', 'stripe', 'slack'] as const)(
  'webhook handler with an unusable stored secret, %s',
  (scheme) => {
    // Blank (any mix of whitespace) or shorter than 16 bytes: a key anyone could guess or a misconfiguration.
    const blank = fc
      .array(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u3000'), { minLength: 0, maxLength: 40 })
      .map((chars) => chars.join(''));
    const short = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 15 }).filter((s) => s.trim() !== '');
    const body = fc.string({ maxLength: 200 });

    it('answers 503, never 2xx, even to a request correctly signed with that secret', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(blank, short), body, async (secret, text) => {
          const handler = createHandler({
            config: webhookConfig(scheme, { maxBodyBytes: 4096 }),
            secrets: new FakeSecrets({ AWSCURRENT: secret }),
            clock: { now: () => NOW_MS },
            logger: silent,
          });
          const event = {
            headers: signedHeaders(scheme, secret, text, NOW_MS / 1000),
            body: text,
            isBase64Encoded: false,
            requestContext: { timeEpoch: NOW_MS, http: { method: 'POST' } },
          };

          const response = await handler(event);

          expect(response.statusCode).toBe(503);
        }),
        { numRuns: 200 },
      );
    });
  },
);
