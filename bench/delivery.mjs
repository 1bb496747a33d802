#!/usr/bin/env node
// Webhook delivery: the built webhook bundle verifying, deduping (DynamoDB conditional write) and enqueueing
// (SQS) GitHub deliveries against moto on loopback. One sender sending one request after another gives the
// latency per request (p50, p99); ten senders at once, each a process of its own as ten Lambda execution
// environments would be, give requests per second. Each request carries a fresh delivery id, so every one is a
// first delivery (the whole path). Bounded: at most --requests per phase and --max-seconds per phase.
// Checks its own work: every answer 200, and the queue holds one message per request.
// Usage: node bench/delivery.mjs [--requests 1000] [--max-seconds 60]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { tsImport } from 'tsx/esm/api';
import { ensureVenv, venvBin } from '../tools/python/ensure-venv.mjs';
import { buildBundles } from './lib/bundles.mjs';
import { functionEnv } from './lib/function-env.mjs';
import { isMain, millis, numberArg, projectRoot, report } from './lib/measure.mjs';

const SENDERS = 10;
const SECRET = 'bench-delivery-signing-secret';
const REGION = functionEnv('webhook').AWS_REGION;
const invoker = join(projectRoot, 'bench/lib/delivery-invoker.cjs');

/** moto on a free loopback port (the integration harness's own start-up code), with a secret, queue and table. */
async function startEmulator() {
  const { startMoto } = await tsImport('../test/support/moto-server.ts', import.meta.url);
  const { stopServer } = await tsImport('../test/support/processes.ts', import.meta.url);
  ensureVenv({ quiet: true, group: 'tests' });
  const tempDir = mkdtempSync(join(tmpdir(), 'bench-delivery-'));
  const servers = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => stopServer(server)));
    rmSync(tempDir, { recursive: true, force: true });
  };
  try {
    const moto = await startMoto(venvBin('moto_server'), tempDir, (server) => servers.push(server));
    const config = {
      endpoint: moto.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    };
    const secrets = new SecretsManagerClient(config);
    const sqs = new SQSClient(config);
    const dynamodb = new DynamoDBClient(config);
    const { ARN } = await secrets.send(new CreateSecretCommand({ Name: 'bench-delivery', SecretString: SECRET }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-delivery' }));
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'bench-delivery',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    return {
      endpoint: moto.endpoint,
      secretArn: ARN,
      queueUrl: QueueUrl,
      async queued() {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
        );
        return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
      },
      async stop() {
        for (const client of [secrets, sqs, dynamodb]) client.destroy();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Forks `senders` invokers (cold starts), lets each send its share, and gathers the latencies and statuses. */
async function run(emulator, bundle, { senders, requests, maxSeconds, phase }) {
  const env = functionEnv('webhook', {
    AWS_ENDPOINT_URL: emulator.endpoint,
    WEBHOOK_SECRET_ARN: emulator.secretArn,
    WEBHOOK_QUEUE_URL: emulator.queueUrl,
    WEBHOOK_DELIVERIES_TABLE: 'bench-delivery',
    BENCH_SIGNING_SECRET: SECRET,
    NODE_OPTIONS: '',
  });
  const children = Array.from({ length: senders }, () =>
    fork(invoker, [bundle], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }),
  );
  // A first request per sender outside the timing: the cold start's secret fetch and client loading.
  const warm = await Promise.all(
    children.map((child, index) =>
      ask(child, { requests: 1, deadline: Date.now() + 30_000, prefix: `${phase}-warm-${index}` }),
    ),
  );
  const started = Date.now();
  const deadline = started + maxSeconds * 1000;
  const replies = await Promise.all(
    children.map((child, index) =>
      ask(child, { requests: Math.ceil(requests / senders), deadline, prefix: `${phase}-${index}` }),
    ),
  );
  const wallMs = Date.now() - started;
  for (const child of children) child.kill();
  const latencies = replies.flatMap((reply) => reply.latenciesMs).sort((a, b) => a - b);
  const statuses = {};
  for (const reply of [...warm, ...replies]) {
    for (const [status, count] of Object.entries(reply.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  }
  return {
    requests: latencies.length,
    sent: latencies.length + warm.length,
    firstRequestMs: median(warm.map((reply) => reply.latenciesMs[0])),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    perSecond: latencies.length / (wallMs / 1000),
    wallMs,
    statuses,
  };
}

function ask(child, message) {
  return new Promise((resolve, reject) => {
    const stderr = [];
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    const onExit = (code) => reject(new Error(`invoker exited with ${code}: ${Buffer.concat(stderr)}`));
    child.once('exit', onExit);
    child.once('message', (reply) => {
      child.off('exit', onExit);
      if (reply.error) reject(new Error(`invocation failed: ${reply.error}`));
      else resolve(reply);
    });
    child.send(message);
  });
}

function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

function median(values) {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

export async function benchDelivery({ requests = 1000, maxSeconds = 60 } = {}) {
  const [{ index }] = await buildBundles(['webhook']);
  const emulator = await startEmulator();
  try {
    const one = await run(emulator, index, { senders: 1, requests: Math.min(requests, 300), maxSeconds, phase: 'one' });
    const ten = await run(emulator, index, { senders: SENDERS, requests, maxSeconds, phase: 'ten' });
    const queued = await emulator.queued();
    const sent = one.sent + ten.sent;
    const statusText = (r) =>
      Object.entries(r.statuses)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ');
    for (const result of [one, ten]) {
      if (Object.keys(result.statuses).some((status) => status !== '200')) {
        throw new Error(`delivery bench: not every answer was 200 (${statusText(result)})`);
      }
    }
    if (queued !== sent)
      throw new Error(`delivery bench: ${sent} deliveries answered 200 but ${queued} messages queued`);
    const machineNote = 'moto on loopback (one Python process) serves Secrets Manager, DynamoDB and SQS';
    return {
      title: 'Webhook delivery (verify, dedupe, enqueue)',
      details: {
        headers: [
          'senders',
          'requests',
          'p50',
          'p99',
          'requests per second',
          'first request per cold start (median)',
          'wall',
        ],
        rows: [one, ten].map((r, i) => [
          String(i === 0 ? 1 : SENDERS),
          String(r.requests),
          millis(r.p50),
          millis(r.p99),
          r.perSecond.toFixed(0),
          millis(r.firstRequestMs),
          `${(r.wallMs / 1000).toFixed(2)} s`,
        ]),
      },
      summary: [
        {
          figure: `webhook delivery: verify + dedupe + enqueue against moto, 1 sender (${one.requests} requests)`,
          project: `p50 ${millis(one.p50)}, p99 ${millis(one.p99)}`,
          baseline: '-',
          ratio: '-',
          goal: '-',
          met: null,
        },
        {
          figure: `webhook delivery: ${SENDERS} concurrent senders (${ten.requests} requests)`,
          project: `${ten.perSecond.toFixed(0)} requests/s (p50 ${millis(ten.p50)}, p99 ${millis(ten.p99)})`,
          baseline: '-',
          ratio: '-',
          goal: '-',
          met: null,
        },
      ],
      notes: [
        'Each sender is a forked process that loads the built webhook bundle once (a cold start) with delivery on, then sends GitHub-signed 1 KiB deliveries with fresh X-GitHub-Delivery ids one after another, as one Lambda execution environment serves one request at a time. Its first request (secret fetch, SQS and DynamoDB clients created) is timed apart and left out of the percentiles.',
        `Each request: HMAC check, a DynamoDB conditional PutItem, an SQS SendMessage and an UpdateItem to mark the id queued; the bench checks every answer was 200 and the queue holds one message per request (${queued}).`,
        `${machineNote}: its speed, not the function's, bounds these figures; in AWS each call is a network round trip of a few milliseconds instead.`,
      ],
    };
  } finally {
    await emulator.stop();
  }
}

if (isMain(import.meta.url)) {
  report(await benchDelivery({ requests: numberArg('requests', 1000), maxSeconds: numberArg('max-seconds', 60) }));
}
