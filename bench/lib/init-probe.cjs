// Run by bench/cold-start.mjs in a fresh node process per sample: requires the AWS SDK packages the function
// uses (timed on their own: the Lambda runtime provides them, the bundle leaves them external), then the
// function module itself (running its init: reading the environment, creating clients and caches), checks it
// exports `handler`, and prints one JSON line. With PROBE_LAZY_PACKAGES (comma-separated) it then requires those
// too, timed apart (lazyMs): what the first request that needs them adds. Usage: node init-probe.cjs <module path> [sdk package ...]
const { statSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

const [target, ...sdkPackages] = process.argv.slice(2);
const before = new Set(Object.keys(require.cache));
const sdkStarted = performance.now();
for (const name of sdkPackages) require(name);
const started = performance.now();
const loaded = require(target);
const ownInitMs = performance.now() - started;
if (typeof loaded.handler !== 'function') {
  process.stderr.write(`${target} does not export a handler function\n`);
  process.exit(2);
}
const initEnded = performance.now();
const files = Object.keys(require.cache).filter((file) => !before.has(file));
// What the first request that needs them adds: the packages the bundle requires only on first use.
const lazyPackages = (process.env.PROBE_LAZY_PACKAGES ?? '').split(',').filter(Boolean);
for (const name of lazyPackages) require(name);
const lazyMs = performance.now() - initEnded;
const isSdk = (file) => file.includes('/node_modules/@aws-sdk/') || file.includes('/node_modules/@smithy/');
const own = files.filter((file) => !isSdk(file));
process.stdout.write(
  `${JSON.stringify({
    sdkMs: started - sdkStarted,
    ownInitMs,
    initMs: initEnded - sdkStarted,
    lazyMs,
    processStartMs: sdkStarted,
    modules: files.length,
    ownModules: own.length,
    ownBytes: own.reduce((sum, file) => sum + statSync(file).size, 0),
  })}\n`,
);
