// Run by bench/cold-start.mjs in a fresh node process per sample: requires the AWS SDK packages the function
// uses (timed on their own: the Lambda runtime provides them, the bundle leaves them external), then the
// function module itself (running its init: reading the environment, creating clients and caches), checks it
// exports `handler`, and prints one JSON line. Usage: node init-probe.cjs <module path> [sdk package ...]
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
const files = Object.keys(require.cache).filter((file) => !before.has(file));
const isSdk = (file) => file.includes('/node_modules/@aws-sdk/') || file.includes('/node_modules/@smithy/');
const own = files.filter((file) => !isSdk(file));
process.stdout.write(
  `${JSON.stringify({
    sdkMs: started - sdkStarted,
    ownInitMs,
    initMs: performance.now() - sdkStarted,
    processStartMs: sdkStarted,
    modules: files.length,
    ownModules: own.length,
    ownBytes: own.reduce((sum, file) => sum + statSync(file).size, 0),
  })}\n`,
);
