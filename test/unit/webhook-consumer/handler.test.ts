import { encodeDeliveryMessage } from '../../../functions/shared/delivery-message';
import type { AppLogger } from '../../../functions/shared/logger';
import {
  defaultHandler,
  EVENT_HANDLERS,
  type EventHandler,
  type EventHandlers,
  handlerFor,
} from '../../../functions/webhook-consumer/event-handlers';
import { createHandler, createHandlerFromEnv, type SqsRecord } from '../../../functions/webhook-consumer/handler';
import { capturingLogger } from '../shared/capture-logs';
import { MemoryPersistenceLayer } from './memory-persistence';

const silent: AppLogger = { info() {}, warn() {}, error() {}, addContext() {} };
const config = { tableName: 'deliveries', dedupeSeconds: 2_592_000 };

function record(
  messageId: string,
  delivery: { id: string; scheme?: string; eventType?: string; body?: string },
): SqsRecord {
  return {
    messageId,
    eventSource: 'aws:sqs',
    body: encodeDeliveryMessage({
      deliveryId: delivery.id,
      scheme: delivery.scheme ?? 'github',
      eventType: delivery.eventType ?? 'push',
      receivedAtMs: Date.UTC(2026, 11, 7),
      body: Buffer.from(delivery.body ?? '{"ref":"refs/heads/main"}'),
    }),
  };
}

/** Handlers that record what they were given, and fail for deliveries named in `failing`. */
function recordingHandlers(failing: readonly string[] = []) {
  const seen: Array<{ scheme: string; eventType: string | null; deliveryId: string; body: string }> = [];
  const handle: EventHandler = async (event) => {
    seen.push({
      scheme: event.scheme,
      eventType: event.eventType,
      deliveryId: event.deliveryId,
      body: event.body.toString('utf8'),
    });
    if (failing.includes(event.deliveryId)) throw new Error(`handler failed for ${event.deliveryId}`);
  };
  const handlers: EventHandlers = { github: { push: handle }, stripe: { 'charge.succeeded': handle } };
  return { seen, handlers, handle };
}

describe('webhook consumer', () => {
  it('reports only the failing record of a batch in batchItemFailures, and handles the others', async () => {
    const { seen, handlers } = recordingHandlers(['bad']);
    const handler = createHandler({ config, persistenceStore: new MemoryPersistenceLayer(), logger: silent, handlers });

    const response = await handler({
      Records: [record('m-1', { id: 'a' }), record('m-2', { id: 'bad' }), record('m-3', { id: 'c' })],
    });

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(seen.map((s) => s.deliveryId)).toEqual(['a', 'bad', 'c']);
  });

  it('fails a record that is not a delivery message alone', async () => {
    const { seen, handlers } = recordingHandlers();
    const handler = createHandler({ config, persistenceStore: new MemoryPersistenceLayer(), logger: silent, handlers });

    const response = await handler({
      Records: [{ messageId: 'junk', body: 'not json', eventSource: 'aws:sqs' }, record('m-1', { id: 'a' })],
    });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'junk' }]);
    expect(seen).toHaveLength(1);
  });

  it('handles the same delivery once, even from two messages with different ids', async () => {
    const { seen, handlers } = recordingHandlers();
    const persistenceStore = new MemoryPersistenceLayer();
    const handler = createHandler({ config, persistenceStore, logger: silent, handlers });

    const first = await handler({ Records: [record('m-1', { id: 'same' })] });
    const second = await handler({ Records: [record('m-2', { id: 'same' })] });

    expect([first.batchItemFailures, second.batchItemFailures]).toEqual([[], []]);
    expect(seen).toHaveLength(1);
  });

  it('keys idempotency on scheme and delivery id: the same id from another scheme is another delivery', async () => {
    const { seen, handlers } = recordingHandlers();
    const handler = createHandler({ config, persistenceStore: new MemoryPersistenceLayer(), logger: silent, handlers });

    await handler({
      Records: [
        record('m-1', { id: 'x', scheme: 'github' }),
        record('m-2', { id: 'x', scheme: 'stripe', eventType: 'charge.succeeded' }),
      ],
    });

    expect(seen.map((s) => s.scheme)).toEqual(['github', 'stripe']);
  });

  it('runs a delivery again after its handler failed (the failure is not remembered)', async () => {
    const failing = ['flaky'];
    const { seen, handlers } = recordingHandlers(failing);
    const handler = createHandler({ config, persistenceStore: new MemoryPersistenceLayer(), logger: silent, handlers });

    const first = await handler({ Records: [record('m-1', { id: 'flaky' }), record('m-2', { id: 'fine' })] });
    failing.length = 0;
    const retry = await handler({ Records: [record('m-1', { id: 'flaky' })] });

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(retry.batchItemFailures).toEqual([]);
    expect(seen.map((s) => s.deliveryId)).toEqual(['flaky', 'fine', 'flaky']);
  });

  it('gives the handler exactly the signed bytes, with the scheme, event type and delivery id', async () => {
    const { seen, handlers } = recordingHandlers();
    const handler = createHandler({ config, persistenceStore: new MemoryPersistenceLayer(), logger: silent, handlers });

    await handler({
      Records: [record('m-1', { id: 'evt_9', scheme: 'stripe', eventType: 'charge.succeeded', body: '{"a":1}' })],
    });

    expect(seen).toEqual([{ scheme: 'stripe', eventType: 'charge.succeeded', deliveryId: 'evt_9', body: '{"a":1}' }]);
  });

  it('fails a message naming a scheme the webhook does not have', async () => {
    const handler = createHandler({ config, persistenceStore: new MemoryPersistenceLayer(), logger: silent });

    const response = await handler({
      Records: [record('m-1', { id: 'a', scheme: 'gitlab' }), record('m-2', { id: 'b' })],
    });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
  });

  it('fails the invocation when every record fails, so the errors alarm sees it (Powertools default)', async () => {
    const { handlers } = recordingHandlers(['a', 'b']);
    const handler = createHandler({ config, persistenceStore: new MemoryPersistenceLayer(), logger: silent, handlers });

    await expect(handler({ Records: [record('m-1', { id: 'a' }), record('m-2', { id: 'b' })] })).rejects.toThrow(
      'All records failed',
    );
  });

  it('passes the Lambda context on, so an invocation that times out frees its in-progress records', async () => {
    const { seen, handlers } = recordingHandlers();
    const handler = createHandler({ config, persistenceStore: new MemoryPersistenceLayer(), logger: silent, handlers });
    const context = { awsRequestId: 'r-1', functionName: 'consumer', getRemainingTimeInMillis: () => 30_000 };

    const response = await handler({ Records: [record('m-1', { id: 'a' })] }, context);

    expect(response.batchItemFailures).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('builds the DynamoDB persistence layer from the environment', () => {
    expect(
      typeof createHandlerFromEnv({ WEBHOOK_DELIVERIES_TABLE: 'deliveries', AWS_REGION: 'eu-west-1' }, silent),
    ).toBe('function');
  });

  it('fails every record, naming the variable, when WEBHOOK_DELIVERIES_TABLE is unset', async () => {
    const capture = capturingLogger();
    let outcome: unknown;
    try {
      await createHandlerFromEnv({}, capture.logger)({ Records: [record('m-1', { id: 'a' })] });
    } catch (error) {
      outcome = error;
    } finally {
      capture.restore();
    }

    expect(outcome).toBeInstanceOf(Error);
    expect(capture.lines().join('\n')).toContain('WEBHOOK_DELIVERIES_TABLE');
  });
});

describe('event handlers', () => {
  it('routes by scheme and event type, and everything else to the default handler', () => {
    const { handlers, handle } = recordingHandlers();

    expect(handlerFor(handlers, 'github', 'push')).toBe(handle);
    expect(handlerFor(handlers, 'github', 'issues')).toBe(defaultHandler);
    expect(handlerFor(handlers, 'slack', 'push')).toBe(defaultHandler);
    expect(handlerFor(handlers, 'github', null)).toBe(defaultHandler);
    expect(handlerFor(handlers, 'github', 'constructor')).toBe(defaultHandler);
  });

  it('the example logs the event type and delivery id and nothing of the body', async () => {
    const capture = capturingLogger();
    try {
      const example = handlerFor(EVENT_HANDLERS, 'github', 'ping');
      const body = Buffer.from('{"hook":{"config":{"secret":"body-4b1d"}}}');
      await example(
        {
          scheme: 'github',
          deliveryId: 'gh-42',
          eventType: 'ping',
          receivedAt: '2026-12-07T00:00:00.000Z',
          body,
          json: () => JSON.parse(body.toString()),
        },
        { logger: capture.logger },
      );
    } finally {
      capture.restore();
    }

    const lines = capture.lines();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ eventType: 'ping', deliveryId: 'gh-42', scheme: 'github' });
    expect(lines.join('\n')).not.toContain('body-4b1d');
  });
});
