// Webhook delivery on the wire: the built webhook and webhook-consumer bundles against moto's SQS, DynamoDB and
// Secrets Manager, through the SDK's own endpoint variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SQS,
// AWS_ENDPOINT_URL_DYNAMODB). Faults come from a TCP proxy taken down (queue or table unreachable) and a closed port.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../functions/shared/http';
import type { SqsBatchResponse, SqsEvent } from '../../functions/webhook-consumer/handler';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { type CountingProxy, startCountingProxy } from '../support/counting-proxy';
import { awsClientConfig, bundleEnv, loadServices } from '../support/services';
import { TcpProxy } from '../support/tcp-proxy';
import { type SchemeUnderTest, secretFor, signedHeaders } from '../unit/webhook/signers';

type Webhook = LambdaModule<FunctionUrlEvent, FunctionUrlResult>;
type Consumer = LambdaModule<SqsEvent, SqsBatchResponse>;

const services = loadServices();
const aws = awsClientConfig(services);
const secrets = new SecretsManagerClient(aws);
const sqs = new SQSClient(aws);
const dynamodb = new DynamoDBClient(aws);
const motoUrl = new URL(services.aws.endpoint);
let sqsProxy: TcpProxy;
let dynamodbCounter: CountingProxy;
let closedPort: number;

beforeAll(async () => {
  buildBundles(['webhook', 'webhook-consumer']);
  sqsProxy = await TcpProxy.start({ host: motoUrl.hostname, port: Number(motoUrl.port) });
  dynamodbCounter = await startCountingProxy(services.aws.endpoint);
  closedPort = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
});

afterAll(async () => {
  for (const client of [secrets, sqs, dynamodb]) client.destroy();
  await sqsProxy.down();
  await dynamodbCounter.close();
});

interface Fixture {
  readonly webhook: Webhook;
  readonly queueUrl: string;
  readonly table: string;
  readonly secret: string;
}

/** A fresh queue, table and signing secret, and a cold start of the webhook bundle wired to them. */
async function arrange(scheme: SchemeUnderTest = 'github', env: Record<string, string> = {}): Promise<Fixture> {
  const name = `delivery-it-${randomUUID()}`;
  const secret = secretFor(scheme, name);
  const { ARN } = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: secret }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const webhook = loadBundle<Webhook>(
    'webhook',
    bundleEnv(services, {
      WEBHOOK_SCHEME: scheme,
      WEBHOOK_SECRET_ARN: ARN as string,
      WEBHOOK_MAX_BODY_BYTES: String(6 * 1024 * 1024),
      WEBHOOK_QUEUE_URL: QueueUrl as string,
      WEBHOOK_DELIVERIES_TABLE: name,
      WEBHOOK_DEDUPE_SECONDS: '2592000',
      // Each cold start gets its own endpoints: no variable left over from the previous test's.
      AWS_ENDPOINT_URL_SQS: services.aws.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: services.aws.endpoint,
      ...env,
    }),
  );
  return { webhook, queueUrl: QueueUrl as string, table: name, secret };
}

function githubDelivery(
  secret: string,
  deliveryId: string | undefined,
  body: string | Buffer = '{"zen":"Design for failure."}',
): FunctionUrlEvent {
  const now = Date.now();
  const bytes = Buffer.from(body);
  return {
    version: '2.0',
    rawPath: '/',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      ...(deliveryId === undefined ? {} : { 'x-github-delivery': deliveryId }),
      ...signedHeaders('github', secret, bytes, Math.floor(now / 1000)),
    },
    body: typeof body === 'string' ? body : bytes.toString('base64'),
    isBase64Encoded: typeof body !== 'string',
    requestContext: { timeEpoch: now, http: { method: 'POST', path: '/' } },
  };
}

async function messagesIn(queueUrl: string): Promise<Array<{ messageId: string; body: string }>> {
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
  );
  return (out.Messages ?? []).map((m) => ({ messageId: m.MessageId as string, body: m.Body as string }));
}

async function itemsIn(table: string): Promise<Array<Record<string, unknown>>> {
  return ((await dynamodb.send(new ScanCommand({ TableName: table }))).Items ?? []) as Array<Record<string, unknown>>;
}

describe('webhook delivery against moto (SQS, DynamoDB)', () => {
  it('queues a first delivery with the exact message and records the id as queued', async () => {
    const { webhook, queueUrl, table, secret } = await arrange();
    const event = githubDelivery(secret, 'gh-first');

    const response = await webhook.handler(event);

    expect(response.statusCode).toBe(200);
    const messages = await messagesIn(queueUrl);
    expect(messages.map((m) => JSON.parse(m.body))).toEqual([
      {
        deliveryId: 'gh-first',
        scheme: 'github',
        eventType: 'ping',
        receivedAt: new Date(event.requestContext?.timeEpoch as number).toISOString(),
        body: '{"zen":"Design for failure."}',
      },
    ]);
    const item = await dynamodb.send(
      new GetItemCommand({ TableName: table, Key: { id: { S: 'delivery#github#gh-first' } }, ConsistentRead: true }),
    );
    expect(item.Item?.state).toEqual({ S: 'queued' });
    expect(Number(item.Item?.expiration?.N)).toBeGreaterThan(Date.now() / 1000 + 2_591_000);
  });

  it('answers the same id again with 200 and queues no new message', async () => {
    const { webhook, queueUrl, secret } = await arrange();

    const first = await webhook.handler(githubDelivery(secret, 'gh-twice'));
    const again = await webhook.handler(githubDelivery(secret, 'gh-twice'));

    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(await messagesIn(queueUrl)).toHaveLength(1);
  });

  it('answers a bad signature 401 and stores nothing', async () => {
    const { webhook, queueUrl, table } = await arrange();

    const response = await webhook.handler(githubDelivery(secretFor('github', 'forger'), 'gh-forged'));

    expect(response.statusCode).toBe(401);
    expect(await itemsIn(table)).toEqual([]);
    expect(await messagesIn(queueUrl)).toEqual([]);
  });

  it('answers 400 to a delivery without X-GitHub-Delivery, storing nothing', async () => {
    const { webhook, queueUrl, table, secret } = await arrange();

    const response = await webhook.handler(githubDelivery(secret, undefined));

    expect(response.statusCode).toBe(400);
    expect(await itemsIn(table)).toEqual([]);
    expect(await messagesIn(queueUrl)).toEqual([]);
  });

  it('carries a body that is not UTF-8 as bodyBase64, byte for byte', async () => {
    const { webhook, queueUrl, secret } = await arrange();
    const bytes = Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]);

    const response = await webhook.handler(githubDelivery(secret, 'gh-binary', bytes));

    expect(response.statusCode).toBe(200);
    const [message] = (await messagesIn(queueUrl)).map((m) => JSON.parse(m.body));
    expect(message.body).toBeUndefined();
    expect(Buffer.from(message.bodyBase64, 'base64')).toEqual(bytes);
  });

  it('refuses with 413 a body whose message exceeds 1 MiB in UTF-8 bytes, before anything is stored', async () => {
    // moto 5 checks a message's length in characters (len() of the decoded text), SQS in UTF-8 bytes: 540,000
    // two-byte characters pass moto and fail SQS. Only the function's own byte count refuses them here, which is
    // what this test checks; it would pass moto if the function sent them.
    const { webhook, queueUrl, table, secret } = await arrange();
    const body = JSON.stringify({ text: 'é'.repeat(540_000) });
    expect(body.length).toBeLessThan(1_048_576);
    expect(Buffer.byteLength(body)).toBeGreaterThan(1_048_576);

    const response = await webhook.handler(githubDelivery(secret, 'gh-large', body));

    expect(response.statusCode).toBe(413);
    expect(await itemsIn(table)).toEqual([]);
    expect(await messagesIn(queueUrl)).toEqual([]);
  });

  it('answers 503 when the queue is unreachable', async () => {
    const { webhook, table, secret } = await arrange('github', {
      AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${closedPort}`,
    });

    const response = await webhook.handler(githubDelivery(secret, 'gh-no-queue'));

    expect(response.statusCode).toBe(503);
    expect(await itemsIn(table)).toEqual([]);
  });

  it('answers 503 when the send fails after the id was recorded, releases it, and lets the retry through', async () => {
    // Arrange: SQS through a proxy this test takes down; DynamoDB through a proxy that counts the calls.
    const { webhook, queueUrl, table, secret } = await arrange('github', {
      AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${sqsProxy.port}`,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbCounter.endpoint,
    });
    dynamodbCounter.reset();
    await sqsProxy.down();

    // Act
    let failed: FunctionUrlResult;
    try {
      failed = await webhook.handler(githubDelivery(secret, 'gh-retry'));
    } finally {
      await sqsProxy.up();
    }
    const afterFailure = await itemsIn(table);
    const retried = await webhook.handler(githubDelivery(secret, 'gh-retry'));

    // Assert
    expect(failed.statusCode).toBe(503);
    expect(dynamodbCounter.requests.map((r) => r.target).slice(0, 2)).toEqual([
      'DynamoDB_20120810.PutItem',
      'DynamoDB_20120810.DeleteItem',
    ]);
    expect(afterFailure).toEqual([]);
    expect(retried.statusCode).toBe(200);
    expect(await messagesIn(queueUrl)).toHaveLength(1);
  });

  it('takes over an id whose request crashed before queueing once its lease ran out, and not before', async () => {
    // Arrange: the records a request leaves when it dies between the conditional write and the send.
    const { webhook, queueUrl, table, secret } = await arrange();
    const pending = (id: string, leaseExpiresAt: number) =>
      dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            id: { S: `delivery#github#${id}` },
            state: { S: 'pending' },
            claim: { S: 'crashed-request' },
            leaseExpiresAt: { N: String(leaseExpiresAt) },
            expiration: { N: String(Math.floor(Date.now() / 1000) + 86_400) },
          },
        }),
      );
    await pending('gh-lease-over', Date.now() - 1000);
    await pending('gh-lease-held', Date.now() + 60_000);

    // Act
    const takenOver = await webhook.handler(githubDelivery(secret, 'gh-lease-over'));
    const held = await webhook.handler(githubDelivery(secret, 'gh-lease-held'));

    // Assert
    expect([takenOver.statusCode, held.statusCode]).toEqual([200, 503]);
    expect((await messagesIn(queueUrl)).map((m) => JSON.parse(m.body).deliveryId)).toEqual(['gh-lease-over']);
  });

  it('queues anyway when the table is unreachable (GitHub would not retry a 503), for the consumer to dedupe', async () => {
    const { webhook, queueUrl, secret } = await arrange('github', {
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${closedPort}`,
    });

    const response = await webhook.handler(githubDelivery(secret, 'gh-no-table'));

    expect(response.statusCode).toBe(200);
    expect((await messagesIn(queueUrl)).map((m) => JSON.parse(m.body).deliveryId)).toEqual(['gh-no-table']);
  });

  it('acknowledges without queueing when delivery is off (neither variable set)', async () => {
    const { webhook, queueUrl, table, secret } = await arrange('github', {
      WEBHOOK_QUEUE_URL: '',
      WEBHOOK_DELIVERIES_TABLE: '',
    });

    const response = await webhook.handler(githubDelivery(secret, 'gh-off'));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ received: true });
    expect(await itemsIn(table)).toEqual([]);
    expect(await messagesIn(queueUrl)).toEqual([]);
  });
});

describe('webhook consumer against moto (DynamoDB idempotency)', () => {
  /** Runs the consumer bundle with its logs captured; returns the response and the log lines. */
  async function consume(
    consumer: Consumer,
    event: SqsEvent,
  ): Promise<{ response: SqsBatchResponse; lines: string[] }> {
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    };
    const spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    try {
      return { response: await consumer.handler(event), lines };
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }

  function coldConsumer(table: string): Consumer {
    return loadBundle<Consumer>(
      'webhook-consumer',
      bundleEnv(services, {
        WEBHOOK_DELIVERIES_TABLE: table,
        WEBHOOK_DEDUPE_SECONDS: '2592000',
        AWS_LAMBDA_FUNCTION_NAME: 'webhook-consumer-it',
        AWS_ENDPOINT_URL_DYNAMODB: services.aws.endpoint,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      }),
    );
  }

  const received = (lines: string[]) =>
    lines.filter((line) => line.includes('"webhook event received"')).map((line) => JSON.parse(line));

  it('handles a queued delivery once, however often the queue delivers it, and fails only a bad record', async () => {
    // Arrange: a real delivery queued by the webhook, read back from moto's queue.
    const { webhook, queueUrl, table, secret } = await arrange();
    await webhook.handler(githubDelivery(secret, 'gh-consume'));
    const [message] = await messagesIn(queueUrl);
    const consumer = coldConsumer(table);
    const record = (messageId: string, body: string) => ({ messageId, body, eventSource: 'aws:sqs' });

    // Act: the message, a record that is not a delivery, then the message again (SQS at least once).
    const first = await consume(consumer, {
      Records: [record(message?.messageId as string, message?.body as string), record('junk', 'not json')],
    });
    const again = await consume(consumer, { Records: [record('redelivered', message?.body as string)] });

    // Assert
    expect(first.response).toEqual({ batchItemFailures: [{ itemIdentifier: 'junk' }] });
    expect(again.response).toEqual({ batchItemFailures: [] });
    expect(received(first.lines)).toEqual([
      expect.objectContaining({ deliveryId: 'gh-consume', eventType: 'ping', scheme: 'github' }),
    ]);
    expect(received(again.lines)).toEqual([]);
    const records = (await itemsIn(table)).filter(
      (item) => !String((item.id as { S: string }).S).startsWith('delivery#'),
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: { S: 'COMPLETED' } });
    expect(first.lines.join('\n')).not.toContain('Design for failure');
  });
});
