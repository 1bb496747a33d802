#!/usr/bin/env node
// Cold start: for each function bundle, its size and the time to require it and run its module init in a fresh
// node process (median of 20), against the same code unbundled: functions/**/*.ts compiled file by file (no
// bundling, no type-checking) and loaded by node from the real node_modules, as a deployment of handler.ts
// plus node_modules would be. Both run with the function's deployed environment (dummy ARNs, no network) and
// NODE_OPTIONS=--enable-source-maps, as the stacks set it, plus what the Lambda runtime sets for active
// tracing, so the tracer initialises as it does there. Each bundle is also built with functions/shared/tracing.ts
// replaced by bench/lib/untraced.ts: the same code without the tracer, to show what tracing adds to init.
// Usage: node bench/cold-start.mjs [--samples 20]
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { FUNCTION_BUNDLE_OPTIONS, functionNames } from '../tools/build/build-functions.mjs';
import { buildBundles } from './lib/bundles.mjs';
import { functionEnv, lambdaRuntimeEnv } from './lib/function-env.mjs';
import {
  isMain,
  kib,
  median,
  millis,
  numberArg,
  projectRoot,
  ratio,
  report,
  runMeasured,
  workDir,
} from './lib/measure.mjs';

const GOAL_WEBHOOK_BYTES = 100 * 1024;
const GOAL_WEBHOOK_INIT_MS = 50;
/** Issue 17: tracing may add at most 10 % to the webhook's init. */
const GOAL_TRACING_SHARE = 0.1;
/**
 * Packages a bundle requires only on a path Lambda never takes: the webhook's secret read falls back to the SDK's
 * credential chain only when the environment holds no credentials (credentialsFromEnv in
 * functions/shared/secrets-manager-http.ts), and the Lambda runtime always sets them.
 */
const OFF_LAMBDA_ONLY = new Set(['@aws-sdk/credential-providers']);
const probe = join(projectRoot, 'bench/lib/init-probe.cjs');
const tracerProbe = join(projectRoot, 'bench/lib/tracer-load-probe.cjs');
const unbundledDir = join(workDir, 'unbundled');
const untracedDir = join(workDir, 'untraced');
const tracingModule = join(projectRoot, 'functions/shared/tracing.ts');

function listTs(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTs(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** functions/**\/*.ts -> bench/.work/unbundled/functions/**\/*.js, one file each, imports left as require(). */
async function compileUnbundled() {
  rmSync(unbundledDir, { recursive: true, force: true });
  await build({
    entryPoints: listTs(join(projectRoot, 'functions')),
    outdir: join(unbundledDir, 'functions'),
    outbase: join(projectRoot, 'functions'),
    bundle: false,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'error',
    absWorkingDir: projectRoot,
  });
}

/** Each function bundled as it ships, but with bench/lib/untraced.ts in place of functions/shared/tracing.ts. */
async function buildUntraced(names) {
  rmSync(untracedDir, { recursive: true, force: true });
  const untraced = {
    name: 'untraced',
    setup(esbuild) {
      esbuild.onResolve({ filter: /\/tracing$/ }, async (args) => {
        if (args.pluginData?.untraced) return undefined;
        const resolved = await esbuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: { untraced: true },
        });
        return resolved.path === tracingModule ? { path: join(projectRoot, 'bench/lib/untraced.ts') } : resolved;
      });
    },
  };
  for (const name of names) {
    await build({
      ...FUNCTION_BUNDLE_OPTIONS,
      entryPoints: [join(projectRoot, 'functions', name, 'handler.ts')],
      outfile: join(untracedDir, name, 'index.js'),
      // With a source map like the shipped bundle: NODE_OPTIONS=--enable-source-maps reads it at load.
      sourcemap: true,
      sourcesContent: false,
      plugins: [untraced],
    });
  }
}

/** The AWS SDK packages a bundle leaves external (the Lambda runtime provides them). */
function sdkPackagesOf(bundlePath) {
  const source = readFileSync(bundlePath, 'utf8');
  return [...new Set([...source.matchAll(/require\("(@aws-sdk\/[^"]+)"\)/g)].map((match) => match[1]))].sort();
}

/** 0.123 -> "+12.3 %". */
function signedPercent(fraction) {
  return `${fraction >= 0 ? '+' : '-'}${Math.abs(fraction * 100).toFixed(1)} %`;
}

/** What the first sampled invocation adds: loading the tracer chunk (see tracer-load-probe.cjs). */
async function sampleTracerLoad(modulePath, sdkPackages, env) {
  const result = await runMeasured(process.execPath, [tracerProbe, modulePath, ...sdkPackages], { env });
  return JSON.parse(result.stdout.trim().split('\n').at(-1)).tracerLoadMs;
}

/**
 * The SDK packages `bundlePath` loads at init: those in require.cache after requiring it. Packages it requires
 * only later (the webhook's SQS and DynamoDB clients, created on the first verified request) are not among them.
 */
async function initSdkPackagesOf(bundlePath, env) {
  const script = `require(${JSON.stringify(bundlePath)});
const names = new Set();
for (const file of Object.keys(require.cache)) {
  const match = /node_modules\\/(@aws-sdk\\/[^/]+)\\//.exec(file);
  if (match) names.add(match[1]);
}
process.stdout.write(JSON.stringify([...names]) + '\\n');`;
  const result = await runMeasured(process.execPath, ['-e', script], { env });
  return new Set(JSON.parse(result.stdout.trim().split('\n').at(-1)));
}

async function sampleInit(modulePath, sdkPackages, env, lazyPackages = []) {
  const result = await runMeasured(process.execPath, [probe, modulePath, ...sdkPackages], {
    env: { ...env, PROBE_LAZY_PACKAGES: lazyPackages.join(',') },
  });
  return { ...JSON.parse(result.stdout.trim().split('\n').at(-1)), wallMs: result.wallMs, rss: result.peakTreeRss };
}

export async function benchColdStart({ samples = 20 } = {}) {
  const names = functionNames();
  if (names.length === 0) throw new Error('no functions/<name>/handler.ts yet: nothing to measure');
  const bundles = await buildBundles(names);
  await compileUnbundled();
  await buildUntraced(names);

  const measured = [];
  for (const { name, index, zip } of bundles) {
    const env = functionEnv(name, lambdaRuntimeEnv(name));
    const variants = {
      bundle: index,
      untraced: join(untracedDir, name, 'index.js'),
      unbundled: join(unbundledDir, 'functions', name, 'handler.js'),
    };
    const referenced = sdkPackagesOf(variants.bundle);
    const atInit = await initSdkPackagesOf(variants.bundle, env);
    const sdkPackages = referenced.filter((name) => atInit.has(name));
    // Required by the bundle only on first use (e.g. the webhook's delivery clients): timed after init, apart.
    const lazyPackages = referenced.filter((name) => !atInit.has(name) && !OFF_LAMBDA_ONLY.has(name));
    const runs = { bundle: [], untraced: [], unbundled: [] };
    const tracerLoads = [];
    const hasTracerChunk = existsSync(join(dirname(index), 'powertools-tracer.js'));
    for (let sample = 0; sample <= samples; sample++) {
      for (const [variant, path] of Object.entries(variants)) {
        const run = await sampleInit(path, sdkPackages, env, variant === 'bundle' ? lazyPackages : []);
        if (sample > 0) runs[variant].push(run); // the first pair only warms the file cache
      }
      if (hasTracerChunk) {
        const loadMs = await sampleTracerLoad(index, sdkPackages, env);
        if (sample > 0) tracerLoads.push(loadMs);
      }
    }
    const summarise = (list) => ({
      init: median(list.map((r) => r.initMs)),
      sdk: median(list.map((r) => r.sdkMs)),
      own: median(list.map((r) => r.ownInitMs)),
      lazy: median(list.map((r) => r.lazyMs ?? 0)),
      wall: median(list.map((r) => r.wallMs)),
      rss: median(list.map((r) => r.rss)),
      modules: list[0].modules,
      ownModules: list[0].ownModules,
      ownBytes: list[0].ownBytes,
    });
    measured.push({
      name,
      bundleBytes: statSync(variants.bundle).size,
      untracedBytes: statSync(variants.untraced).size,
      tracerChunkBytes: hasTracerChunk ? statSync(join(dirname(index), 'powertools-tracer.js')).size : 0,
      zipBytes: existsSync(zip) ? statSync(zip).size : 0,
      sdkPackages,
      lazyPackages,
      bundle: summarise(runs.bundle),
      untraced: summarise(runs.untraced),
      tracerLoad: tracerLoads.length > 0 ? median(tracerLoads) : undefined,
      unbundled: summarise(runs.unbundled),
    });
    process.stderr.write(`cold-start ${name}: init ${millis(measured.at(-1).bundle.init)}\n`);
  }

  const summary = measured.map((m) => ({
    figure: `cold start: ${m.name} init = SDK load + own init (median of ${samples})`,
    project: `${millis(m.bundle.init)} = ${millis(m.bundle.sdk)} + ${millis(m.bundle.own)}; bundle ${kib(m.bundleBytes)}`,
    baseline: `${millis(m.unbundled.init)} = ${millis(m.unbundled.sdk)} + ${millis(m.unbundled.own)}; ${m.unbundled.ownModules} files, ${kib(m.unbundled.ownBytes)}`,
    ratio: `${ratio(m.unbundled.init, m.bundle.init)} (own init ${ratio(m.unbundled.own, m.bundle.own)})`,
    goal: m.name === 'webhook' ? `<= ${GOAL_WEBHOOK_INIT_MS} ms, < ${kib(GOAL_WEBHOOK_BYTES)}` : '-',
    met: m.name === 'webhook' ? m.bundle.init <= GOAL_WEBHOOK_INIT_MS && m.bundleBytes < GOAL_WEBHOOK_BYTES : null,
  }));
  for (const m of measured.filter((f) => f.lazyPackages.length > 0)) {
    summary.push({
      figure: `cold start: ${m.name} first request that needs them, loading ${m.lazyPackages.join(', ')} (median of ${samples})`,
      project: `+${millis(m.bundle.lazy)}`,
      baseline: `${millis(m.bundle.init + m.bundle.lazy)} if loaded at init`,
      ratio: '-',
      goal: '-',
      met: null,
    });
  }
  for (const m of measured.filter((f) => f.name === 'webhook')) {
    const share = m.bundle.init / m.untraced.init - 1;
    summary.push({
      figure: `cold start: ${m.name} init with tracing vs the same bundle without the tracer (median of ${samples})`,
      project: `${millis(m.bundle.init)} (own ${millis(m.bundle.own)}); bundle ${kib(m.bundleBytes)}`,
      baseline: `${millis(m.untraced.init)} (own ${millis(m.untraced.own)}); bundle ${kib(m.untracedBytes)}`,
      ratio: signedPercent(share),
      goal: `<= +${GOAL_TRACING_SHARE * 100} %`,
      met: share <= GOAL_TRACING_SHARE,
    });
    if (m.tracerLoad !== undefined) {
      summary.push({
        figure: `cold start: ${m.name} first sampled invocation, loading the tracer chunk (median of ${samples})`,
        project: `+${millis(m.tracerLoad)}; chunk ${kib(m.tracerChunkBytes)}`,
        baseline: '-',
        ratio: `init + load: ${signedPercent((m.bundle.init + m.tracerLoad) / m.untraced.init - 1)}`,
        goal: '-',
        met: null,
      });
    }
  }
  if (!names.includes('webhook')) {
    summary.push({
      figure: 'cold start: webhook',
      project: 'not built yet',
      baseline: '-',
      ratio: '-',
      goal: `< ${GOAL_WEBHOOK_INIT_MS} ms, < ${kib(GOAL_WEBHOOK_BYTES)}`,
      met: false,
    });
  }
  return {
    title: 'Cold start',
    details: {
      headers: [
        'function',
        'SDK packages at init',
        'SDK packages on first use (load)',
        'bundle (zip)',
        'init, bundle',
        'of which SDK',
        'of which own',
        'init without tracer (own)',
        'first sampled invocation: tracer load',
        'init, unbundled',
        'of which own',
        'process wall, bundle / unbundled',
        'own files loaded, bundle / unbundled',
        'peak RSS, bundle',
      ],
      rows: measured.map((m) => [
        m.name,
        m.sdkPackages.join(', ') || '-',
        m.lazyPackages.length === 0 ? '-' : `${m.lazyPackages.join(', ')} (+${millis(m.bundle.lazy)})`,
        `${kib(m.bundleBytes)} (${kib(m.zipBytes)})`,
        millis(m.bundle.init),
        millis(m.bundle.sdk),
        millis(m.bundle.own),
        `${millis(m.untraced.init)} (${millis(m.untraced.own)})`,
        m.tracerLoad === undefined ? '-' : `+${millis(m.tracerLoad)}`,
        millis(m.unbundled.init),
        millis(m.unbundled.own),
        `${millis(m.bundle.wall)} / ${millis(m.unbundled.wall)}`,
        `${m.bundle.ownModules} / ${m.unbundled.ownModules} (${kib(m.unbundled.ownBytes)})`,
        `${Math.round(m.bundle.rss / 2 ** 20)} MiB`,
      ]),
    },
    summary,
    notes: [
      `Init, measured inside a fresh node process by bench/lib/init-probe.cjs (median of ${samples} after one warm-up): first require() of the AWS SDK packages the bundle leaves external ("SDK"), then require() of the function module, which runs its top level: config from the environment, SDK clients, caches ("own"). Process wall adds node's own start-up.`,
      'SDK packages on first use: packages the bundle require()s only when first needed (the webhook creates its SQS and DynamoDB clients on the first request that verified, functions/webhook/handler.ts productionDelivery); the probe requires them after init and times that apart, which is what that first request adds.',
      'Without tracer: the same bundle built with bench/lib/untraced.ts in place of functions/shared/tracing.ts (no Powertools Tracer, no X-Ray SDK), sampled in turn with the other variants, in the same environment.',
      "Tracer load: the tracer is not loaded at init but on the first sampled invocation, from powertools-tracer.js beside index.js (functions/shared/tracing.ts); bench/lib/tracer-load-probe.cjs times that require() and the Tracer's construction after a normal init. That invocation pays it once per execution environment; an environment that never serves a sampled request never does.",
      `Unbundled baseline: ${relative(projectRoot, unbundledDir)}/functions, each .ts compiled alone by esbuild (no type-checking), dependencies (Powertools, pg, ...) required from node_modules file by file.`,
      'The AWS SDK v3 clients (`@aws-sdk/*`) are external in both variants, as the Lambda Node.js runtime provides them, and are loaded from node_modules in both: bundling cannot change their cost. The webhook uses no SDK client at init: it reads its signing secret with a SigV4-signed request (functions/shared/secrets-manager-http.ts), whose signer and HTTP handler (`@smithy/signature-v4`, `@smithy/node-http-handler`) are bundled from their ES builds, a few KiB.',
      `Environment: the variables the stacks set (bench/lib/function-env.mjs) with dummy ARNs, NODE_OPTIONS=--enable-source-maps, an endpoint on a closed loopback port, and what the Lambda runtime sets for active tracing (AWS_EXECUTION_ENV, LAMBDA_TASK_ROOT, AWS_XRAY_DAEMON_ADDRESS, ...), so the tracer initialises as in Lambda; node ${process.version} here, Node.js 24 on Lambda. Lambda adds its runtime start-up and the zip download; neither is measured.`,
    ],
  };
}

if (isMain(import.meta.url)) {
  report(await benchColdStart({ samples: numberArg('samples', 20) }));
}
