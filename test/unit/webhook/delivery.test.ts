import fc from 'fast-check';
import { decodeDeliveryMessage } from '../../../functions/shared/delivery-message';
import type { AppLogger } from '../../../functions/shared/logger';
import { createHandler, createHandlerFromEnv } from '../../../functions/webhook/handler';
import { capturingLogger } from '../shared/capture-logs';
import { MemoryLedger, MemoryQueue } from './delivery-fakes';
import { FakeSecrets, urlEvent, webhookConfig } from './fakes';
import { type SchemeUnderTest, secretFor, signedHeaders } from './signers';

const NOW_MS = 1_760_000_000_000;
const NOW = NOW_MS / 1000;
const silent: AppLogger = { info() {}, warn() {}, error() {}, addContext() {} };
const SCHEMES: SchemeUnderTest[] = ['github', 'stripe', 'slack', 'standard-webhooks'];

/** A genuine delivery of each scheme: its id, event type and body. */
const DELIVERIES: Record<
  SchemeUnderTest,
  { id: string; type: string; body: string; headers?: Record<string, string> }
> = {
  github: { id: 'gh-1', type: 'ping', body: '{"zen":"hi"}', headers: { 'x-github-delivery': 'gh-1' } },
  stripe: { id: 'evt_1', type: 'charge.succeeded', body: '{"id":"evt_1","type":"charge.succeeded"}' },
  slack: {
    id: 'Ev1',
    type: 'app_mention',
    body: '{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}',
  },
  'standard-webhooks': { id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', type: 'invoice.paid', body: '{"type":"invoice.paid"}' },
};

function setUp(scheme: SchemeUnderTest, options: { maxBodyBytes?: number; logger?: AppLogger } = {}) {
  const secret = secretFor(scheme, 'current');
  const ledger = new MemoryLedger();
  const queue = new MemoryQueue();
  let now = NOW_MS;
  const handler = createHandler({
    config: webhookConfig(scheme, { maxBodyBytes: options.maxBodyBytes ?? 1024 }),
    secrets: new FakeSecrets({ AWSCURRENT: secret }),
    clock: { now: () => now },
    logger: options.logger ?? silent,
    delivery: { ledger, queue },
  });
  const request = (body: string | Buffer = DELIVERIES[scheme].body, extra: Record<string, string> = {}) => {
    const bytes = Buffer.from(body);
    return urlEvent({
      headers: { ...signedHeaders(scheme, secret, bytes, NOW), ...DELIVERIES[scheme].headers, ...extra },
      body: typeof body === 'string' ? body : bytes.toString('base64'),
      isBase64Encoded: typeof body !== 'string',
      timeEpoch: NOW_MS,
    });
  };
  return { handler, ledger, queue, request, advance: (ms: number) => (now += ms) };
}

describe.each(SCHEMES)('webhook delivery, %s', (scheme) => {
  const expected = DELIVERIES[scheme];

  it('queues a first delivery with its id, scheme, event type, arrival time and exact body, then answers 200', async () => {
    const { handler, ledger, queue, request } = setUp(scheme);

    const response = await handler(request());

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ received: true });
    expect(queue.messages.map((m) => JSON.parse(m))).toEqual([
      {
        deliveryId: expected.id,
        scheme,
        eventType: expected.type,
        receivedAt: new Date(NOW_MS).toISOString(),
        body: expected.body,
      },
    ]);
    expect([...ledger.records.values()].map((r) => r.state)).toEqual(['queued']);
  });

  it('answers the same id again with 200 and queues nothing more', async () => {
    const { handler, queue, request } = setUp(scheme);

    const first = await handler(request());
    const again = await handler(request());

    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(queue.messages).toHaveLength(1);
  });

  it('stores nothing and queues nothing for a request whose signature fails', async () => {
    const { handler, ledger, queue, request } = setUp(scheme);
    const event = request();
    const forged = { ...event, body: `${event.body} ` };

    const response = await handler(forged);

    expect(response.statusCode).toBe(401);
    expect(ledger.claims).toBe(0);
    expect(queue.messages).toEqual([]);
  });

  it('answers 503 when the queue fails, releases the id, and lets the retry through', async () => {
    const { handler, ledger, queue, request } = setUp(scheme);
    queue.down = new Error('queue unreachable');

    const failed = await handler(request());
    const recordsAfterFailure = ledger.records.size;
    queue.down = undefined;
    const retried = await handler(request());

    expect(failed.statusCode).toBe(503);
    expect(failed.headers['retry-after']).toBe('30');
    expect(recordsAfterFailure).toBe(0);
    expect(retried.statusCode).toBe(200);
    expect(queue.messages).toHaveLength(1);
  });

  it('lets a retry take over an id whose request crashed before it queued (lease run out), not before', async () => {
    const { handler, ledger, queue, request, advance } = setUp(scheme);
    queue.down = new Error('queue unreachable');
    ledger.failRelease = new Error('table went away too');

    const failed = await handler(request());
    queue.down = undefined;
    const tooEarly = await handler(request());
    advance(31_000);
    const afterLease = await handler(request());

    expect([failed.statusCode, tooEarly.statusCode, afterLease.statusCode]).toEqual([503, 503, 200]);
    expect(queue.messages).toHaveLength(1);
  });

  it('queues anyway when the table is unreachable, so a sender that never retries loses nothing', async () => {
    const { handler, ledger, queue, request } = setUp(scheme);
    ledger.down = new Error('table unreachable');

    const response = await handler(request());

    expect(response.statusCode).toBe(200);
    expect(queue.messages).toHaveLength(1);
  });

  it('answers 503 when both the table and the queue are unreachable', async () => {
    const { handler, ledger, queue, request } = setUp(scheme);
    ledger.down = new Error('table unreachable');
    queue.down = new Error('queue unreachable');

    expect((await handler(request())).statusCode).toBe(503);
  });

  it('answers 200 once the message is queued even when marking the record queued fails', async () => {
    const { handler, ledger, queue, request } = setUp(scheme);
    ledger.failMarkQueued = new Error('table went away');

    expect((await handler(request())).statusCode).toBe(200);
    expect(queue.messages).toHaveLength(1);
  });

  it('carries a body that is not UTF-8 as bodyBase64', async () => {
    if (scheme !== 'github' && scheme !== 'standard-webhooks') return; // Stripe and Slack ids live in the JSON body
    const { handler, queue, request } = setUp(scheme);
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);

    const response = await handler(request(bytes));

    expect(response.statusCode).toBe(200);
    const message = JSON.parse(queue.messages[0] as string);
    expect(message.body).toBeUndefined();
    expect(Buffer.from(message.bodyBase64, 'base64')).toEqual(bytes);
  });
});

describe('webhook delivery refusals', () => {
  it('refuses a message over SQS 1 MiB with 413 before anything is stored', async () => {
    // Arrange: 1 MiB of text whose JSON escaping pushes the message over the limit.
    const { handler, ledger, queue, request } = setUp('github', { maxBodyBytes: 2 * 1024 * 1024 });
    const body = `"${'\\'.repeat(600_000)}"`;

    // Act
    const response = await handler(request(body));

    // Assert
    expect(response.statusCode).toBe(413);
    expect(ledger.claims).toBe(0);
    expect(queue.messages).toEqual([]);
  });

  it('accepts a body whose message is just under the limit', async () => {
    const { handler, queue, request } = setUp('github', { maxBodyBytes: 2 * 1024 * 1024 });
    const overhead = JSON.stringify({
      deliveryId: 'gh-1',
      scheme: 'github',
      eventType: 'ping',
      receivedAt: new Date(NOW_MS).toISOString(),
      body: '',
    }).length;
    const body = 'x'.repeat(1_048_576 - overhead);

    const response = await handler(request(body));

    expect(response.statusCode).toBe(200);
    expect(Buffer.byteLength(queue.messages[0] as string)).toBe(1_048_576);
  });

  it('refuses a GitHub delivery without X-GitHub-Delivery with 400, storing nothing', async () => {
    const { handler, ledger, queue, request } = setUp('github');
    const event = request();
    const { 'x-github-delivery': _dropped, ...headers } = event.headers as Record<string, string>;

    const response = await handler({ ...event, headers });

    expect(response.statusCode).toBe(400);
    expect(ledger.claims).toBe(0);
    expect(queue.messages).toEqual([]);
  });

  it('answers 503 while another request holds the id and has not queued it', async () => {
    const { handler, ledger, queue, request } = setUp('stripe');
    await ledger.claim('delivery#stripe#evt_1', NOW_MS);

    const response = await handler(request());

    expect(response.statusCode).toBe(503);
    expect(queue.messages).toEqual([]);
  });

  it('answers the Slack url_verification challenge as before, and queues nothing', async () => {
    const { handler, ledger, queue, request } = setUp('slack');

    const response = await handler(request('{"type":"url_verification","challenge":"3eZbrw1a"}'));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: '3eZbrw1a' });
    expect(ledger.claims).toBe(0);
    expect(queue.messages).toEqual([]);
  });

  it('logs the delivery id and outcome, never the body', async () => {
    const capture = capturingLogger();
    try {
      const { handler, request } = setUp('stripe', { logger: capture.logger });

      await handler(request('{"id":"evt_1","type":"charge.succeeded","secret":"body-7f3a"}'));
    } finally {
      capture.restore();
    }

    const accepted = capture
      .lines()
      .map((line) => JSON.parse(line))
      .find((l) => l.message === 'webhook accepted');
    expect(accepted).toMatchObject({ deliveryId: 'evt_1', delivery: 'queued', eventType: 'charge.succeeded' });
    expect(capture.lines().join('\n')).not.toContain('body-7f3a');
  });
});

describe('webhook delivery configuration', () => {
  it('answers 500 naming the missing variable when only WEBHOOK_QUEUE_URL is set', async () => {
    const capture = capturingLogger();
    let status: number;
    try {
      const handler = createHandlerFromEnv(
        {
          WEBHOOK_SCHEME: 'github',
          WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:x',
          WEBHOOK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/q',
        },
        capture.logger,
      );
      status = (await handler(urlEvent({ body: 'x' }))).statusCode;
    } finally {
      capture.restore();
    }

    expect(status).toBe(500);
    expect(capture.lines().join('\n')).toContain('WEBHOOK_DELIVERIES_TABLE');
  });
});

describe('webhook delivery, any body', () => {
  it('queues exactly the signed bytes, once per delivery id, whatever they are', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
        async (bytes, deliveryId) => {
          const { handler, queue, request } = setUp('github');
          const body = Buffer.from(bytes);

          const first = await handler(request(body, { 'x-github-delivery': deliveryId }));
          const again = await handler(request(body, { 'x-github-delivery': deliveryId }));

          expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
          expect(queue.messages).toHaveLength(1);
          const delivered = decodeDeliveryMessage(queue.messages[0] as string);
          expect(delivered.deliveryId).toBe(deliveryId);
          expect(delivered.body.equals(body)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });
});
