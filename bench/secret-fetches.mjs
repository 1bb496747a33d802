#!/usr/bin/env node
// Secret fetches: how many GetSecretValue calls the webhook bundle makes for 1,000 invocations of one warm
// instance, and again after its cache window expires, against the same bundle with the cache off
// (SECRET_CACHE_TTL_SECONDS=0). The secrets live in moto (real Secrets Manager semantics: staging labels,
// ResourceNotFoundException for a stage that does not exist) behind test/support/counting-proxy.ts, which
// counts every call; AWS_ENDPOINT_URL_SECRETS_MANAGER points the bundle's own SDK client at the proxy.
// Each scenario is a fresh process: one cold start. Two scenarios break Secrets Manager on purpose: "outage" reads a
// secret marked for deletion (every GetSecretValue fails, as in an outage), "stale refresh" marks the secret for
// deletion after the first cache window, so the refresh fails while a good value is in hand.
// Usage: node bench/secret-fetches.mjs [--invocations 1000]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { tsImport } from 'tsx/esm/api';
import { functionNames } from '../tools/build/build-functions.mjs';
import { ensureVenv, venvBin } from '../tools/python/ensure-venv.mjs';
import { buildBundles } from './lib/bundles.mjs';
import { functionEnv } from './lib/function-env.mjs';
import { isMain, numberArg, projectRoot, report } from './lib/measure.mjs';

const CURRENT = 'bench-current-signing-secret';
const PREVIOUS = 'bench-previous-signing-secret';
const WINDOW_SECONDS = 2;
const REGION = functionEnv('webhook').AWS_REGION;
const invoker = join(projectRoot, 'bench/lib/webhook-invoker.cjs');
const STAGES = ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING'];
const GET_SECRET_VALUE = 'secretsmanager.GetSecretValue';

/** moto on a free loopback port (the integration harness's own start-up code) and a counting proxy before it. */
async function startEmulator() {
  const { startMoto } = await tsImport('../test/support/moto-server.ts', import.meta.url);
  const { stopServer } = await tsImport('../test/support/processes.ts', import.meta.url);
  const { startCountingProxy } = await tsImport('../test/support/counting-proxy.ts', import.meta.url);
  ensureVenv({ quiet: true, group: 'tests' });
  const tempDir = mkdtempSync(join(tmpdir(), 'bench-secret-fetches-'));
  const servers = [];
  try {
    const moto = await startMoto(venvBin('moto_server'), tempDir, (server) => servers.push(server));
    const proxy = await startCountingProxy(moto.endpoint);
    const client = new SecretsManagerClient({
      endpoint: moto.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    return {
      proxy,
      /** A secret whose AWSCURRENT is CURRENT and, when `rotated`, whose AWSPREVIOUS is PREVIOUS. */
      async createSecret(name, { rotated }) {
        const created = await client.send(
          new CreateSecretCommand({ Name: name, SecretString: rotated ? PREVIOUS : CURRENT }),
        );
        if (rotated) await client.send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: CURRENT }));
        return created.ARN;
      },
      /** Marks the secret for deletion: from then on every GetSecretValue fails (InvalidRequestException). */
      async breakSecret(arn) {
        await client.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 7 }));
      },
      async stop() {
        await proxy.close();
        client.destroy();
        await Promise.all(servers.map((server) => stopServer(server)));
        rmSync(tempDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => stopServer(server)));
    rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
}

/** GetSecretValue calls per staging label (and any other call) the proxy saw since its last reset. */
function countCalls(proxy) {
  const counts = Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      proxy.count(GET_SECRET_VALUE, (body) => (body.VersionStage ?? 'AWSCURRENT') === stage),
    ]),
  );
  for (const { target } of proxy.requests) {
    if (target !== GET_SECRET_VALUE)
      counts[`other:${target || 'unknown'}`] = (counts[`other:${target || 'unknown'}`] ?? 0) + 1;
  }
  return counts;
}

/**
 * One cold start: forks the invoker with the webhook's environment, sends it `batches` one by one and returns
 * the calls the proxy counted and the status codes of every batch.
 */
async function coldStart(emulator, { bundle, secretArn, ttlSeconds, batches, beforeBatch }) {
  emulator.proxy.reset();
  const env = functionEnv('webhook', {
    // Delivery off: this figure counts Secrets Manager calls (bench/delivery.mjs measures delivery).
    WEBHOOK_QUEUE_URL: '',
    WEBHOOK_DELIVERIES_TABLE: '',
    WEBHOOK_SECRET_ARN: secretArn,
    SECRET_CACHE_TTL_SECONDS: String(ttlSeconds),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: emulator.proxy.endpoint,
    BENCH_CURRENT_SECRET: CURRENT,
    BENCH_PREVIOUS_SECRET: PREVIOUS,
    NODE_OPTIONS: '',
  });
  const child = fork(invoker, [bundle], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk));
  const results = [];
  try {
    for (const [index, batch] of batches.entries()) {
      await beforeBatch?.(index);
      const reply = await new Promise((resolve, reject) => {
        const onExit = (code) => reject(new Error(`invoker exited with ${code}: ${Buffer.concat(stderr)}`));
        child.once('exit', onExit);
        child.once('message', (message) => {
          child.off('exit', onExit);
          resolve(message);
        });
        child.send(batch);
      });
      if (reply.error) throw new Error(`invocation failed: ${reply.error}`);
      results.push(reply);
    }
  } finally {
    child.kill();
  }
  return { counts: countCalls(emulator.proxy), results };
}

const SCENARIOS = [
  {
    name: 'warm: sender signs with the current secret',
    signWith: 'current',
    rotated: false,
    windows: 1,
    expect: { AWSCURRENT: 1 },
    status: 200,
  },
  {
    name: 'just rotated: sender still signs with the previous secret',
    signWith: 'previous',
    rotated: true,
    windows: 1,
    expect: { AWSCURRENT: 1, AWSPREVIOUS: 1 },
    status: 200,
  },
  {
    name: 'forged requests, secret never rotated (no AWSPREVIOUS, no rotation in flight)',
    signWith: 'wrong',
    rotated: false,
    windows: 1,
    expect: { AWSCURRENT: 1, AWSPREVIOUS: 1, AWSPENDING: 1 },
    status: 401,
  },
  {
    name: `cache window expires (TTL ${WINDOW_SECONDS} s): 2 windows, previous secret`,
    signWith: 'previous',
    rotated: true,
    windows: 2,
    expect: { AWSCURRENT: 2, AWSPREVIOUS: 2 },
    status: 200,
  },
  {
    name: 'Secrets Manager outage: 50 requests over 10 s, every call fails',
    signWith: 'current',
    rotated: false,
    windows: 1,
    invocations: 50,
    spacingMs: 200,
    broken: 'from-start',
    // A failed fetch is remembered 5 s: 10 s of requests cost 2 (at most 5, the bound).
    expect: { AWSCURRENT: 2 },
    atMost: true,
    status: 503,
  },
  {
    name: `stale refresh: Secrets Manager fails after the first window (TTL ${WINDOW_SECONDS} s), last good value used`,
    signWith: 'current',
    rotated: false,
    windows: 2,
    broken: 'after-first-window',
    expect: { AWSCURRENT: 2 },
    status: 200,
    // With the cache off there is no value in hand: the second window answers 503.
    uncachedStatus: [200, 503],
  },
];

const describe = (counts) =>
  STAGES.filter((stage) => stage !== 'AWSPENDING' || (counts[stage] ?? 0) > 0)
    .map((stage) => `${stage} ${counts[stage] ?? 0}`)
    .concat(
      Object.entries(counts)
        .filter(([key]) => key.startsWith('other:'))
        .map(([key, n]) => `${key} ${n}`),
    )
    .join(', ');

export async function benchSecretFetches({ invocations = 1000 } = {}) {
  if (!functionNames().includes('webhook')) throw new Error('functions/webhook does not exist yet');
  const [{ index: bundle }] = await buildBundles(['webhook']);

  const rows = [];
  const summary = [];
  const emulator = await startEmulator();
  try {
    for (const [index, scenario] of SCENARIOS.entries()) {
      const perBatch = scenario.invocations ?? invocations;
      // Each window is one batch; later batches start once the previous window has surely expired.
      const batches = Array.from({ length: scenario.windows }, (_, window) => ({
        invocations: perBatch,
        signWith: scenario.signWith,
        spacingMs: scenario.spacingMs ?? 0,
        startAfterMs: window * (WINDOW_SECONDS * 1000 + 250),
      }));
      const ttlSeconds = scenario.windows > 1 ? WINDOW_SECONDS : 300;
      // A fresh secret per cold start: the broken scenarios mark theirs for deletion.
      const run = async (cacheTtl, label) => {
        const secretArn = await emulator.createSecret(`bench-webhook-${index}-${label}`, { rotated: scenario.rotated });
        if (scenario.broken === 'from-start') await emulator.breakSecret(secretArn);
        const beforeBatch =
          scenario.broken === 'after-first-window'
            ? async (batch) => {
                if (batch === 1) await emulator.breakSecret(secretArn);
              }
            : undefined;
        return coldStart(emulator, { bundle, secretArn, ttlSeconds: cacheTtl, batches, beforeBatch });
      };
      const cached = await run(ttlSeconds, 'cached');
      const uncached = await run(0, 'uncached');
      const total = perBatch * scenario.windows;
      const expectedStatus = (window, isCached) =>
        isCached || scenario.uncachedStatus === undefined ? scenario.status : scenario.uncachedStatus[window];
      const statusesOk = [
        ...cached.results.map((r, w) => r.statuses[expectedStatus(w, true)] === perBatch),
        ...uncached.results.map((r, w) => r.statuses[expectedStatus(w, false)] === perBatch),
      ].every(Boolean);
      const longest = Math.max(...cached.results.map((r) => r.durationMs));
      const countsMet = STAGES.every((s) =>
        scenario.atMost
          ? (cached.counts[s] ?? 0) <= (scenario.expect[s] ?? 0)
          : (cached.counts[s] ?? 0) === (scenario.expect[s] ?? 0),
      );
      const met =
        statusesOk &&
        (scenario.spacingMs !== undefined || longest < WINDOW_SECONDS * 1000) &&
        countsMet &&
        Object.keys(cached.counts).every((key) => !key.startsWith('other:'));
      const responses = (results, isCached) =>
        results
          .map((r, w) => `${expectedStatus(w, isCached)} x ${r.statuses[expectedStatus(w, isCached)] ?? 0}`)
          .join(' + ');
      rows.push([
        scenario.name,
        total,
        `${responses(cached.results, true)}${statusesOk ? '' : ' **(other statuses seen)**'}`,
        describe(cached.counts),
        `${scenario.atMost ? 'at most ' : ''}${describe(scenario.expect)}`,
        `${describe(uncached.counts)} (${responses(uncached.results, false)})`,
        `${longest} ms`,
      ]);
      const fetched = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
      summary.push({
        figure: `secret fetches, ${total.toLocaleString('en')} invocations: ${scenario.name}`,
        project: describe(cached.counts),
        baseline: `${describe(uncached.counts)} (cache off)`,
        ratio: `${Math.round(fetched(uncached.counts) / Math.max(1, fetched(cached.counts)))}x fewer`,
        goal: scenario.broken
          ? `${scenario.atMost ? 'at most ' : 'exactly '}${describe(scenario.expect)}, responses ${scenario.status}`
          : `exactly 1 per stage per cold start per window (${describe(scenario.expect)})`,
        met,
      });
      process.stderr.write(`secret-fetches ${scenario.name}: ${describe(cached.counts)}\n`);
    }
  } finally {
    await emulator.stop();
  }
  return {
    title: 'Secret fetches',
    details: {
      headers: [
        'scenario (one cold start each)',
        'invocations',
        'responses',
        'GetSecretValue calls, cached',
        'expected',
        'calls, cache off (TTL 0)',
        'longest batch',
      ],
      rows,
    },
    summary,
    notes: [
      'Invocations are sequential, as one Lambda instance serves one request at a time; each cold start is a fresh node process loading the webhook bundle (built by tools/build/build-functions.mjs into bench/.work/bundles) with the deployed environment.',
      `Requests are GitHub-signed (x-hub-signature-256) 1 KiB bodies. The window scenario runs two batches ${WINDOW_SECONDS * 1000 + 250} ms apart with SECRET_CACHE_TTL_SECONDS=${WINDOW_SECONDS}; a batch must finish inside the window for the count to mean "per window".`,
      "Secrets live in moto 5 (the integration harness's emulator); a rotated secret is CreateSecret + PutSecretValue, so AWSPREVIOUS is real. For a stage that does not exist moto answers ResourceNotFoundException, as Secrets Manager does, and the cache remembers that absence for the window.",
      'Counted by test/support/counting-proxy.ts between the bundle\'s SDK client and moto; "other" calls would be listed if there were any.',
      'AWSPENDING is read when a request matches neither AWSCURRENT nor (within the grace) AWSPREVIOUS, at most once per 10 s: a rotation that tells the sender (GitHub) may be in flight.',
      'Outage: the secret is marked for deletion, so every GetSecretValue fails (InvalidRequestException); requests are 200 ms apart, and a failed fetch is remembered for 5 s. Stale refresh: the secret is marked for deletion between the two windows; the cached run keeps verifying with the value read in the first window (for up to 1 h after it was read) and logs a secret_refresh_failed warning per window.',
    ],
  };
}

if (isMain(import.meta.url)) {
  report(await benchSecretFetches({ invocations: numberArg('invocations', 1000) }));
}
