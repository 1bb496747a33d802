import { SecretUnavailableError } from '../../../functions/shared/errors';
import type { AppLogger } from '../../../functions/shared/logger';
import { createHandler, createHandlerFromEnv, UNAUTHORIZED_BODY } from '../../../functions/webhook/handler';
import { capturingLogger } from '../shared/capture-logs';
import { FakeSecrets, urlEvent, webhookConfig } from './fakes';
import { type SchemeUnderTest, secretFor, signedHeaders } from './signers';

const NOW_MS = 1_760_000_000_000;
const NOW = NOW_MS / 1000;
const silent: AppLogger = { info() {}, warn() {}, error() {}, addContext() {} };
const fixedClock = { now: () => NOW_MS };
const SCHEMES: SchemeUnderTest[] = ['github', 'stripe', 'slack', 'standard-webhooks'];

function handlerFor(scheme: SchemeUnderTest, secrets: FakeSecrets, logger: AppLogger = silent, maxBodyBytes = 1024) {
  return createHandler({ config: webhookConfig(scheme, { maxBodyBytes }), secrets, clock: fixedClock, logger });
}

describe.each(SCHEMES)('webhook handler, %s', (scheme) => {
  const current = secretFor(scheme, 'current');
  const previous = secretFor(scheme, 'previous');
  const body = '{"event":"ping","id":7}';

  it('answers 200 with a small JSON ack for a signed POST', async () => {
    // Arrange
    const handler = handlerFor(scheme, new FakeSecrets({ AWSCURRENT: current }));
    const event = urlEvent({ headers: signedHeaders(scheme, current, body, NOW), body, timeEpoch: NOW_MS });

    // Act
    const response = await handler(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ received: true });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });

  it('verifies the decoded bytes of a base64-encoded body, including bytes that are not UTF-8', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7b, 0x7d]);
    const handler = handlerFor(scheme, new FakeSecrets({ AWSCURRENT: current }));
    const event = urlEvent({
      headers: signedHeaders(scheme, current, bytes, NOW),
      body: bytes.toString('base64'),
      isBase64Encoded: true,
      timeEpoch: NOW_MS,
    });

    const response = await handler(event);

    expect(response.statusCode).toBe(200);
  });

  it('reads only AWSCURRENT for a request signed with the current secret', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: current, AWSPREVIOUS: previous });
    const event = urlEvent({ headers: signedHeaders(scheme, current, body, NOW), body, timeEpoch: NOW_MS });

    await handlerFor(scheme, secrets)(event);

    expect(secrets.calls).toEqual(['AWSCURRENT']);
  });

  it('accepts a request signed with AWSPREVIOUS during a rotation', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: current, AWSPREVIOUS: previous });
    const event = urlEvent({ headers: signedHeaders(scheme, previous, body, NOW), body, timeEpoch: NOW_MS });

    const response = await handlerFor(scheme, secrets)(event);

    expect(response.statusCode).toBe(200);
    expect(secrets.calls).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);
  });

  it('rejects a secret that is neither AWSCURRENT nor AWSPREVIOUS with 401', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: current, AWSPREVIOUS: previous });
    const event = urlEvent({
      headers: signedHeaders(scheme, secretFor(scheme, 'unknown'), body, NOW),
      body,
      timeEpoch: NOW_MS,
    });

    const response = await handlerFor(scheme, secrets)(event);

    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toEqual(UNAUTHORIZED_BODY);
  });

  it('rejects an unknown signature with 401, not 503, when the secret was never rotated', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: current });
    const event = urlEvent({ headers: signedHeaders(scheme, previous, body, NOW), body, timeEpoch: NOW_MS });

    const response = await handlerFor(scheme, secrets)(event);

    expect(response.statusCode).toBe(401);
  });

  it('gives a tampered body the same 401 body as every other verification failure', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: current });
    const event = urlEvent({ headers: signedHeaders(scheme, current, body, NOW), body: `${body} `, timeEpoch: NOW_MS });

    const response = await handlerFor(scheme, secrets)(event);

    expect(response.statusCode).toBe(401);
    expect(response.body).toBe(JSON.stringify(UNAUTHORIZED_BODY));
  });

  if (scheme !== 'github') {
    it('gives an expired but correctly signed request exactly the same 401 as a bad signature', async () => {
      const secrets = new FakeSecrets({ AWSCURRENT: current });
      const expired = urlEvent({ headers: signedHeaders(scheme, current, body, NOW - 301), body, timeEpoch: NOW_MS });
      const forged = urlEvent({ headers: signedHeaders(scheme, previous, body, NOW), body, timeEpoch: NOW_MS });

      const expiredResponse = await handlerFor(scheme, secrets)(expired);
      const forgedResponse = await handlerFor(scheme, secrets)(forged);

      expect(expiredResponse).toEqual(forgedResponse);
      expect(expiredResponse.statusCode).toBe(401);
    });

    it('takes "now" from requestContext.timeEpoch, not from the clock', async () => {
      const secrets = new FakeSecrets({ AWSCURRENT: current });
      const handler = createHandler({
        config: webhookConfig(scheme),
        secrets,
        clock: { now: () => NOW_MS + 3_600_000 },
        logger: silent,
      });
      const fresh = urlEvent({ headers: signedHeaders(scheme, current, body, NOW), body, timeEpoch: NOW_MS });
      const stale = urlEvent({
        headers: signedHeaders(scheme, current, body, NOW),
        body,
        timeEpoch: NOW_MS - 3_600_000,
      });

      expect((await handler(fresh)).statusCode).toBe(200);
      expect((await handler(stale)).statusCode).toBe(401);
    });

    it('falls back to the clock when the event has no timeEpoch', async () => {
      const secrets = new FakeSecrets({ AWSCURRENT: current });
      const event = urlEvent({ headers: signedHeaders(scheme, current, body, NOW), body });

      const response = await handlerFor(scheme, secrets)(event);

      expect(response.statusCode).toBe(200);
    });
  }

  it('answers 400 and fetches no secret when the signature headers are missing', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: current });

    const response = await handlerFor(scheme, secrets)(urlEvent({ body, timeEpoch: NOW_MS }));

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ error: 'bad request' }); // no hint which header
    expect(secrets.calls).toEqual([]);
  });
});

describe('webhook handler, request checks before verification', () => {
  const secret = secretFor('github', 'current');
  const body = '{"zen":"Keep it logically awesome."}';
  const signed = signedHeaders('github', secret, body, NOW);

  it.each(['GET', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'])('answers %s with 405 and Allow: POST', async (method) => {
    const secrets = new FakeSecrets({ AWSCURRENT: secret });

    const response = await handlerFor('github', secrets)(urlEvent({ method, headers: signed, body }));

    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect(secrets.calls).toEqual([]);
  });

  it('answers 413 for a text body one byte over the limit, without fetching the secret', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: secret });
    const big = 'x'.repeat(1025);

    const response = await handlerFor(
      'github',
      secrets,
      silent,
      1024,
    )(urlEvent({ headers: signedHeaders('github', secret, big, NOW), body: big }));

    expect(response.statusCode).toBe(413);
    expect(secrets.calls).toEqual([]);
  });

  it('counts the limit in UTF-8 bytes, not characters', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: secret });
    const euro = '€'.repeat(342); // 1026 bytes, 342 characters

    const response = await handlerFor(
      'github',
      secrets,
      silent,
      1024,
    )(urlEvent({ headers: signedHeaders('github', secret, euro, NOW), body: euro }));

    expect(response.statusCode).toBe(413);
  });

  it('answers 413 for a base64 body that decodes to more than the limit', async () => {
    const bytes = Buffer.alloc(1025, 1);

    const response = await handlerFor(
      'github',
      new FakeSecrets({ AWSCURRENT: secret }),
      silent,
      1024,
    )(
      urlEvent({
        headers: signedHeaders('github', secret, bytes, NOW),
        body: bytes.toString('base64'),
        isBase64Encoded: true,
      }),
    );

    expect(response.statusCode).toBe(413);
  });

  it('accepts a body of exactly the limit', async () => {
    const exact = 'y'.repeat(1024);

    const response = await handlerFor(
      'github',
      new FakeSecrets({ AWSCURRENT: secret }),
      silent,
      1024,
    )(urlEvent({ headers: signedHeaders('github', secret, exact, NOW), body: exact }));

    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['characters outside the base64 alphabet', 'eyJ6ZW4iOi!!'],
    ['a length that is not a multiple of four', 'eyJ6ZW4'],
    ['padding in the middle', 'ey==eyJ6'],
  ])('answers 400 for a base64 body with %s', async (_label, encoded) => {
    const secrets = new FakeSecrets({ AWSCURRENT: secret });

    const response = await handlerFor(
      'github',
      secrets,
    )(urlEvent({ headers: signed, body: encoded, isBase64Encoded: true }));

    expect(response.statusCode).toBe(400);
    expect(secrets.calls).toEqual([]);
  });

  it('answers 400 for a text body with a lone UTF-16 surrogate (it cannot be the bytes that were signed)', async () => {
    const response = await handlerFor(
      'github',
      new FakeSecrets({ AWSCURRENT: secret }),
    )(urlEvent({ headers: signed, body: 'abc\uD800def' }));

    expect(response.statusCode).toBe(400);
  });

  it('treats an event without a body as an empty body', async () => {
    const response = await handlerFor(
      'github',
      new FakeSecrets({ AWSCURRENT: secret }),
    )(urlEvent({ headers: signedHeaders('github', secret, '', NOW) }));

    expect(response.statusCode).toBe(200);
  });

  it('reads headers case-insensitively when an invoker did not lower-case them', async () => {
    const response = await handlerFor(
      'github',
      new FakeSecrets({ AWSCURRENT: secret }),
    )(urlEvent({ headers: { 'X-Hub-Signature-256': signed['x-hub-signature-256'] as string }, body }));

    expect(response.statusCode).toBe(200);
  });

  it('answers an event with no request context or headers with 405 instead of throwing', async () => {
    const response = await handlerFor('github', new FakeSecrets({ AWSCURRENT: secret }))({});

    expect(response.statusCode).toBe(405);
  });
});

describe('webhook handler, secret failures', () => {
  const secret = secretFor('stripe', 'current');
  const body = '{"type":"invoice.paid"}';
  const headers = signedHeaders('stripe', secret, body, NOW);

  it('answers 503 with Retry-After when AWSCURRENT cannot be fetched', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: new SecretUnavailableError('throttled') });

    const response = await handlerFor('stripe', secrets)(urlEvent({ headers, body, timeEpoch: NOW_MS }));

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('30');
  });

  it('answers 503 when the secret has no AWSCURRENT version', async () => {
    const response = await handlerFor('stripe', new FakeSecrets({}))(urlEvent({ headers, body, timeEpoch: NOW_MS }));

    expect(response.statusCode).toBe(503);
  });

  it('answers 503 when AWSPREVIOUS cannot be fetched for a request AWSCURRENT did not verify', async () => {
    const secrets = new FakeSecrets({
      AWSCURRENT: 'another-signing-secret',
      AWSPREVIOUS: new SecretUnavailableError('denied'),
    });

    const response = await handlerFor('stripe', secrets)(urlEvent({ headers, body, timeEpoch: NOW_MS }));

    expect(response.statusCode).toBe(503);
  });

  it('answers 503 when the stored Standard Webhooks secret is not whsec_ + base64', async () => {
    const sw = signedHeaders('standard-webhooks', secretFor('standard-webhooks', 'x'), body, NOW);

    const response = await handlerFor(
      'standard-webhooks',
      new FakeSecrets({ AWSCURRENT: 'whsec_***' }),
    )(urlEvent({ headers: sw, body, timeEpoch: NOW_MS }));

    expect(response.statusCode).toBe(503);
  });

  it('skips an AWSPREVIOUS that cannot be a Standard Webhooks key and answers 401', async () => {
    const current = secretFor('standard-webhooks', 'current');
    const sw = signedHeaders('standard-webhooks', secretFor('standard-webhooks', 'other'), body, NOW);

    const response = await handlerFor(
      'standard-webhooks',
      new FakeSecrets({ AWSCURRENT: current, AWSPREVIOUS: 'plain' }),
    )(urlEvent({ headers: sw, body, timeEpoch: NOW_MS }));

    expect(response.statusCode).toBe(401);
  });

  it('answers 500 and does not throw when the secret source fails unexpectedly', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: new TypeError('bug') });

    const response = await handlerFor('stripe', secrets)(urlEvent({ headers, body, timeEpoch: NOW_MS }));

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/bug|TypeError|at /);
  });
});

describe('webhook handler, Slack URL verification', () => {
  it('echoes the challenge of a signed url_verification request', async () => {
    const secret = secretFor('slack', 'current');
    const body = JSON.stringify({
      token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });

    const response = await handlerFor(
      'slack',
      new FakeSecrets({ AWSCURRENT: secret }),
    )(urlEvent({ headers: signedHeaders('slack', secret, body, NOW), body, timeEpoch: NOW_MS }));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('does not answer a url_verification challenge whose signature does not verify', async () => {
    const body = JSON.stringify({ challenge: 'abc', type: 'url_verification' });

    const response = await handlerFor(
      'slack',
      new FakeSecrets({ AWSCURRENT: 'the-real-signing-secret' }),
    )(urlEvent({ headers: signedHeaders('slack', 'a-forged-signing-secret', body, NOW), body, timeEpoch: NOW_MS }));

    expect(response.statusCode).toBe(401);
    expect(response.body).not.toContain('abc');
  });
});

describe('webhook handler, what it logs and returns', () => {
  it.each(SCHEMES)('%s: no secret, signature or body in any response or log line', async (scheme) => {
    // Arrange
    const current = secretFor(scheme, 'topsecret-current');
    const previous = secretFor(scheme, 'topsecret-previous');
    const body = '{"card":"4242424242424242","note":"body-marker-7f3a"}';
    const good = signedHeaders(scheme, current, body, NOW);
    const bad = signedHeaders(scheme, secretFor(scheme, 'attacker'), body, NOW);
    const capture = capturingLogger();
    const secrets = new FakeSecrets({ AWSCURRENT: current, AWSPREVIOUS: previous });
    const handler = handlerFor(scheme, secrets, capture.logger);
    const events = [
      urlEvent({ headers: good, body, timeEpoch: NOW_MS }),
      urlEvent({ headers: bad, body, timeEpoch: NOW_MS }),
      urlEvent({ headers: good, body: `${body}!`, timeEpoch: NOW_MS }),
      urlEvent({ headers: good, body, timeEpoch: NOW_MS + 3_600_000 }),
      urlEvent({ headers: {}, body, timeEpoch: NOW_MS }),
      urlEvent({ method: 'GET', headers: good, body }),
    ];

    // Act
    let responses: string[];
    try {
      responses = (await Promise.all(events.map((e) => handler(e)))).map((r) => JSON.stringify(r));
    } finally {
      capture.restore();
    }

    // Assert
    const lines = capture.lines();
    expect(lines.length).toBeGreaterThanOrEqual(events.length);
    const signatureValues = Object.entries({ ...good, ...bad })
      .filter(([name]) => /signature/.test(name))
      .flatMap(([, value]) => value.split(/[=, ]/).filter((part) => part.length >= 20));
    const forbidden = [current, previous, 'topsecret', 'body-marker-7f3a', '4242424242424242', ...signatureValues];
    for (const text of [...lines, ...responses]) {
      for (const value of forbidden) {
        expect(text).not.toContain(value);
      }
    }
    for (const line of lines) {
      const parsed = JSON.parse(line);
      expect(Object.keys(parsed).every((key) => ALLOWED_LOG_KEYS.has(key))).toBe(true);
    }
  });

  it('logs which stage verified an accepted request', async () => {
    const current = secretFor('github', 'c');
    const previous = secretFor('github', 'p');
    const capture = capturingLogger();
    try {
      await handlerFor(
        'github',
        new FakeSecrets({ AWSCURRENT: current, AWSPREVIOUS: previous }),
        capture.logger,
      )(urlEvent({ headers: signedHeaders('github', previous, 'x', NOW), body: 'x' }));
    } finally {
      capture.restore();
    }

    const [line] = capture.lines().map((l) => JSON.parse(l));

    expect(line).toMatchObject({
      level: 'INFO',
      message: 'webhook accepted',
      outcome: 'accepted',
      stage: 'AWSPREVIOUS',
      scheme: 'github',
      status: 200,
      bodyBytes: 1,
    });
  });

  it('logs the reason of a rejection for operators while the caller only sees 401', async () => {
    const capture = capturingLogger();
    try {
      await handlerFor(
        'slack',
        new FakeSecrets({ AWSCURRENT: 's' }),
        capture.logger,
      )(urlEvent({ headers: signedHeaders('slack', 's', 'x', NOW - 1000), body: 'x', timeEpoch: NOW_MS }));
    } finally {
      capture.restore();
    }

    const [line] = capture.lines().map((l) => JSON.parse(l));

    expect(line).toMatchObject({
      level: 'WARN',
      outcome: 'rejected',
      reason: 'timestamp_out_of_tolerance',
      status: 401,
    });
  });
});

const ALLOWED_LOG_KEYS = new Set([
  // Powertools' own keys
  'level',
  'message',
  'timestamp',
  'service',
  'sampling_rate',
  'xray_trace_id',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  // LogFields
  'outcome',
  'reason',
  'status',
  'scheme',
  'stage',
  'method',
  'route',
  'bodyBytes',
  'durationMs',
  'errorName',
  'sqlState',
]);

describe('webhook handler from the environment', () => {
  it('answers 500 and logs the variable to fix when WEBHOOK_SCHEME is unknown, without throwing at init', async () => {
    const capture = capturingLogger();
    let response: Awaited<ReturnType<ReturnType<typeof createHandlerFromEnv>>>;
    try {
      const handler = createHandlerFromEnv(
        { WEBHOOK_SCHEME: 'gitlab', WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' },
        capture.logger,
      );
      response = await handler(urlEvent({ body: 'x' }));
    } finally {
      capture.restore();
    }

    expect(response.statusCode).toBe(500);
    expect(capture.lines().join('\n')).toContain('WEBHOOK_SCHEME');
  });
});
