// Run by bench/cold-start.mjs in a fresh node process per sample: loads a function bundle as init does (the AWS
// SDK packages, then index.js), then times what its first sampled invocation adds (functions/shared/tracing.ts):
// require() of the tracer chunk beside index.js and the Tracer's construction. Prints one JSON line.
// Usage: node tracer-load-probe.cjs <index.js path> [sdk package ...]
const { dirname, join } = require('node:path');
const { performance } = require('node:perf_hooks');

const [target, ...sdkPackages] = process.argv.slice(2);
for (const name of sdkPackages) require(name);
require(target);
const started = performance.now();
const { Tracer } = require(join(dirname(target), 'powertools-tracer.js'));
new Tracer({ captureHTTPsRequests: false });
process.stdout.write(`${JSON.stringify({ tracerLoadMs: performance.now() - started })}\n`);
