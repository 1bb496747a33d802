#!/usr/bin/env node
// Secret fetches: how many GetSecretValue calls the webhook bundle makes for 1,000 invocations of one warm
// instance, and again after its cache window expires, against the same bundle with the cache off
// (SECRET_CACHE_TTL_SECONDS=0). A counting Secrets Manager endpoint on loopback (bench/lib/counting-secrets-manager.mjs)
// serves the signing secret and counts calls per staging label; AWS_ENDPOINT_URL_SECRETS_MANAGER points the
// bundle's own SDK client at it. Each scenario is a fresh process: one cold start.
// Usage: node bench/secret-fetches.mjs [--invocations 1000]
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunctions, functionNames } from '../scripts/build-functions.mjs';
import { startCountingSecretsManager } from './lib/counting-secrets-manager.mjs';
import { functionEnv } from './lib/function-env.mjs';
import { isMain, numberArg, projectRoot, report } from './lib/measure.mjs';

const CURRENT = 'bench-current-signing-secret';
const PREVIOUS = 'bench-previous-signing-secret';
const WINDOW_SECONDS = 2;
const invoker = join(projectRoot, 'bench/lib/webhook-invoker.cjs');
const bundle = join(projectRoot, 'dist/functions/webhook/index.js');

/**
 * One cold start: forks the invoker with the webhook's environment, sends it `batches` one by one and returns
 * the endpoint's counts and the status codes of every batch.
 */
async function coldStart(endpoint, { ttlSeconds, batches }) {
  endpoint.reset();
  const env = functionEnv('webhook', {
    SECRET_CACHE_TTL_SECONDS: String(ttlSeconds),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.endpoint,
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
    for (const batch of batches) {
      const reply = await new Promise((resolve, reject) => {
        child.once('message', resolve);
        child.once('exit', (code) => reject(new Error(`invoker exited with ${code}: ${Buffer.concat(stderr)}`)));
        child.send(batch);
      });
      if (reply.error) throw new Error(`invocation failed: ${reply.error}`);
      results.push(reply);
    }
  } finally {
    child.kill();
  }
  return { counts: endpoint.counts(), results };
}

const SCENARIOS = [
  {
    name: 'warm: sender signs with the current secret',
    signWith: 'current',
    stages: { AWSCURRENT: CURRENT },
    windows: 1,
    expect: { AWSCURRENT: 1 },
    status: 200,
  },
  {
    name: 'just rotated: sender still signs with the previous secret',
    signWith: 'previous',
    stages: { AWSCURRENT: CURRENT, AWSPREVIOUS: PREVIOUS },
    windows: 1,
    expect: { AWSCURRENT: 1, AWSPREVIOUS: 1 },
    status: 200,
  },
  {
    name: 'forged requests, secret never rotated (no AWSPREVIOUS)',
    signWith: 'wrong',
    stages: { AWSCURRENT: CURRENT },
    windows: 1,
    expect: { AWSCURRENT: 1, AWSPREVIOUS: 1 },
    status: 401,
  },
  {
    name: `cache window expires (TTL ${WINDOW_SECONDS} s): 2 windows, previous secret`,
    signWith: 'previous',
    stages: { AWSCURRENT: CURRENT, AWSPREVIOUS: PREVIOUS },
    windows: 2,
    expect: { AWSCURRENT: 2, AWSPREVIOUS: 2 },
    status: 200,
  },
];

const describe = (counts) =>
  ['AWSCURRENT', 'AWSPREVIOUS']
    .map((stage) => `${stage} ${counts[stage] ?? 0}`)
    .concat(
      Object.entries(counts)
        .filter(([key]) => key.startsWith('other:'))
        .map(([key, n]) => `${key} ${n}`),
    )
    .join(', ');

export async function benchSecretFetches({ invocations = 1000 } = {}) {
  if (!functionNames().includes('webhook')) throw new Error('functions/webhook does not exist yet');
  await buildFunctions(['webhook']);
  if (!existsSync(bundle)) throw new Error(`${bundle} was not built`);

  const rows = [];
  const summary = [];
  for (const scenario of SCENARIOS) {
    const endpoint = await startCountingSecretsManager(scenario.stages);
    try {
      // Each window is one batch; later batches start once the previous window has surely expired.
      const batches = Array.from({ length: scenario.windows }, (_, window) => ({
        invocations,
        signWith: scenario.signWith,
        startAfterMs: window * (WINDOW_SECONDS * 1000 + 250),
      }));
      const cached = await coldStart(endpoint, { ttlSeconds: scenario.windows > 1 ? WINDOW_SECONDS : 300, batches });
      const uncached = await coldStart(endpoint, { ttlSeconds: 0, batches });
      const total = invocations * scenario.windows;
      const statusesOk = [...cached.results, ...uncached.results].every(
        (r) => r.statuses[scenario.status] === invocations,
      );
      const longest = Math.max(...cached.results.map((r) => r.durationMs));
      const met =
        statusesOk &&
        longest < WINDOW_SECONDS * 1000 &&
        ['AWSCURRENT', 'AWSPREVIOUS'].every((s) => (cached.counts[s] ?? 0) === (scenario.expect[s] ?? 0)) &&
        Object.keys(cached.counts).every((key) => !key.startsWith('other:'));
      rows.push([
        scenario.name,
        total,
        `${scenario.status} x ${total}${statusesOk ? '' : ' **(other statuses seen)**'}`,
        describe(cached.counts),
        describe(scenario.expect),
        describe(uncached.counts),
        `${longest} ms`,
      ]);
      const fetched = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
      summary.push({
        figure: `secret fetches, ${total.toLocaleString('en')} invocations: ${scenario.name}`,
        project: describe(cached.counts),
        baseline: `${describe(uncached.counts)} (cache off)`,
        ratio: `${Math.round(fetched(uncached.counts) / Math.max(1, fetched(cached.counts)))}x fewer`,
        goal: `exactly 1 per stage per cold start per window (${describe(scenario.expect)})`,
        met,
      });
      process.stderr.write(`secret-fetches ${scenario.name}: ${describe(cached.counts)}\n`);
    } finally {
      await endpoint.close();
    }
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
      'Invocations are sequential, as one Lambda instance serves one request at a time; each cold start is a fresh node process loading dist/functions/webhook/index.js with the deployed environment.',
      `Requests are GitHub-signed (x-hub-signature-256) 1 KiB bodies. The window scenario runs two batches ${WINDOW_SECONDS * 1000 + 250} ms apart with SECRET_CACHE_TTL_SECONDS=${WINDOW_SECONDS}; a batch must finish inside the window for the count to mean "per window".`,
      'The endpoint answers ResourceNotFoundException for a missing stage, as Secrets Manager does; the cache remembers that absence for the window.',
    ],
  };
}

if (isMain(import.meta.url)) {
  report(await benchSecretFetches({ invocations: numberArg('invocations', 1000) }));
}
