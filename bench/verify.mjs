#!/usr/bin/env node
// Verifications per second of each webhook scheme against raw node:crypto HMAC-SHA256 of the same body,
// for 1 KiB and 64 KiB bodies, in one run (goal: the verifier reaches at least 80% of raw HMAC).
// The code measured is the code shipped: functions/webhook bundled with the options of
// tools/build/build-functions.mjs (minified, names kept, node24, CommonJS).
// "Verifier" = parse the scheme's headers, check the timestamp, HMAC the signed content, compare every listed
// signature in constant time. "Handler" adds the whole request path (method and size checks, base64 body
// decoding, header lower-casing, the JSON response) with an in-memory secret and a silent logger.
// Raw and candidate alternate in short slices and the ratio is the median of the per-slice ratios, so load
// from elsewhere hits both sides alike. Timings are printed, never asserted.
// Usage: node bench/verify.mjs [--slices 31] [--slice-ms 50] (about 50 s)
import { createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { FUNCTION_BUNDLE_OPTIONS } from '../tools/build/build-functions.mjs';
import { ensureDir, median, numberArg, projectRoot, report, workDir } from './lib/measure.mjs';

const SIZES = [1024, 64 * 1024];
const NAMES = ['github', 'stripe', 'slack', 'standard-webhooks'];
const GOAL = 0.8;
const slices = numberArg('slices', 31);
const sliceMs = numberArg('slice-ms', 50);
const NOW = 1_760_000_000;

async function bundleVerifier() {
  const outfile = join(ensureDir(join(workDir, 'verify')), 'verifier.js');
  await build({
    stdin: {
      contents: [
        "export { SCHEMES } from './functions/webhook/schemes';",
        "export { verifyWebhook } from './functions/webhook/verify';",
        "export { createHandler } from './functions/webhook/handler';",
      ].join('\n'),
      resolveDir: projectRoot,
      loader: 'ts',
    },
    ...FUNCTION_BUNDLE_OPTIONS,
    outfile,
  });
  return createRequire(import.meta.url)(outfile);
}

/** What a genuine sender of `scheme` sends for `body` at NOW, signed with `secret`. */
function signedHeaders(scheme, secret, body) {
  const hmac = (key, prefix, encoding) => createHmac('sha256', key).update(prefix).update(body).digest(encoding);
  switch (scheme) {
    case 'github':
      return { 'x-hub-signature-256': `sha256=${hmac(secret, '', 'hex')}` };
    case 'stripe':
      return { 'stripe-signature': `t=${NOW},v1=${hmac(secret, `${NOW}.`, 'hex')}` };
    case 'slack':
      return { 'x-slack-signature': `v0=${hmac(secret, `v0:${NOW}:`, 'hex')}`, 'x-slack-request-timestamp': `${NOW}` };
    default: {
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
      return {
        'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
        'webhook-timestamp': `${NOW}`,
        'webhook-signature': `v1,${hmac(key, `msg_2KWPBgLlAfxdpx2AI54pPJ85f4W.${NOW}.`, 'base64')}`,
      };
    }
  }
}

function syncRate(op) {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now < start + sliceMs) {
    for (let i = 0; i < 16; i += 1) op();
    count += 16;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

async function asyncRate(op) {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now < start + sliceMs) {
    for (let i = 0; i < 8; i += 1) await op();
    count += 8;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

/** Medians of raw and candidate rates and of their per-slice ratio, sides alternating which goes first. */
async function paired(raw, candidate, isAsync) {
  const rate = (op, a) => (a ? asyncRate(op) : Promise.resolve(syncRate(op)));
  await rate(raw, false);
  await rate(candidate, isAsync);
  const base = [];
  const cand = [];
  const ratios = [];
  for (let i = 0; i < slices; i += 1) {
    let b;
    let c;
    if (i % 2 === 0) {
      b = await rate(raw, false);
      c = await rate(candidate, isAsync);
    } else {
      c = await rate(candidate, isAsync);
      b = await rate(raw, false);
    }
    base.push(b);
    cand.push(c);
    ratios.push(c / b);
  }
  return { raw: median(base), candidate: median(cand), ratio: median(ratios) };
}

const silent = { info() {}, warn() {}, error() {}, addContext() {} };
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const pct = (n) => `${(n * 100).toFixed(0)}%`;

const { SCHEMES, verifyWebhook, createHandler } = await bundleVerifier();
const rows = [];
const summary = [];
for (const size of SIZES) {
  const body = randomBytes(size);
  const rawKey = Buffer.from('raw-hmac-baseline-signing-secret');
  const raw = () => createHmac('sha256', rawKey).update(body).digest();
  for (const name of NAMES) {
    const scheme = SCHEMES[name];
    const secret =
      name === 'standard-webhooks' ? `whsec_${randomBytes(32).toString('base64')}` : 'bench-signing-secret';
    const headers = signedHeaders(name, secret, body);
    const key = scheme.keyFromSecret(secret);
    const window = { nowSeconds: NOW, toleranceSeconds: 300 };
    const handler = createHandler({
      config: { scheme: name, secretArn: 'arn', toleranceSeconds: 300, maxBodyBytes: 1 << 20, cacheTtlSeconds: 300 },
      // Only AWSCURRENT exists: every request is signed with it, as in a warm steady state.
      secrets: {
        getSecretVersion: async (_id, stage) =>
          stage === 'AWSCURRENT' ? { value: secret, versionId: 'v1', createdAtMs: 0 } : undefined,
        getSecretString: async (_id, stage) => (stage === 'AWSCURRENT' ? secret : undefined),
        invalidate() {},
      },
      clock: { now: () => NOW * 1000 },
      logger: silent,
    });
    const event = {
      headers,
      body: body.toString('base64'),
      isBase64Encoded: true,
      requestContext: { timeEpoch: NOW * 1000, http: { method: 'POST' } },
    };
    if ((await handler(event)).statusCode !== 200) throw new Error(`${name}: the handler did not accept its own case`);

    const verifier = await paired(raw, () => verifyWebhook(scheme, headers, body, [key], window), false);
    const request = await paired(raw, () => handler(event), true);
    const label = `${size / 1024} KiB`;
    rows.push([
      name,
      label,
      fmt(verifier.raw),
      fmt(verifier.candidate),
      pct(verifier.ratio),
      fmt(request.candidate),
      pct(request.ratio),
    ]);
    summary.push({
      figure: `verify ${name}, ${label}`,
      project: `${fmt(verifier.candidate)}/s`,
      baseline: `${fmt(verifier.raw)}/s raw HMAC`,
      ratio: pct(verifier.ratio),
      goal: `>= ${pct(GOAL)} of raw`,
      met: verifier.ratio >= GOAL,
    });
  }
}

report({
  title: 'Webhook verification throughput',
  details: {
    headers: ['scheme', 'body', 'raw HMAC ops/s', 'verifier ops/s', 'verifier/raw', 'handler req/s', 'handler/raw'],
    rows,
  },
  summary,
  notes: [
    `medians of ${slices} alternating ${sliceMs} ms slices per pair, one core, Node ${process.version}`,
    'raw: createHmac(sha256, key).update(body).digest() over the same body',
    'verifier: header parsing, timestamp check, HMAC of the signed content, constant-time compare of every listed signature',
    'handler: the whole request path (method/size checks, base64 body decoding, header lower-casing, JSON response), in-memory secret, silent logger',
  ],
});
