#!/usr/bin/env node
// `npm run bench:smoke`: every figure's script once, with the smallest inputs, to show it still runs against the
// current code (two had silently stopped working when the code they measure changed). No figure is kept: nothing is
// written to bench/RESULTS.md, and the numbers of such short runs mean nothing. .ci/run runs it after the tests.
// Left out: tests and first-run (they run `npm test`, which CI has just done) and apply (`npm run test:apply` is it).
// Usage: node bench/smoke.mjs
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { projectRoot } from './lib/measure.mjs';

/** Each script with the arguments that make it shortest; each still runs its own correctness checks. */
const SMOKE_RUNS = [
  ['bench/reading-load.mjs'],
  ['bench/synth.mjs', '--reps', '1', '--naive-reps', '1'],
  ['bench/scale.mjs', '--reps', '1'],
  ['bench/policy-sizes.mjs'],
  ['bench/cold-start.mjs', '--samples', '2'],
  ['bench/secret-fetches.mjs', '--invocations', '20'],
  ['bench/verify.mjs', '--slices', '1', '--slice-ms', '5'],
  ['bench/delivery.mjs', '--requests', '10', '--max-seconds', '10'],
];

// Without BENCH_JSON a script only prints its figures (bench/lib/measure.mjs, report).
const { BENCH_JSON: _ignored, ...env } = process.env;
let failed = 0;
for (const [script, ...args] of SMOKE_RUNS) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd: projectRoot,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    process.stdout.write(`bench smoke: ${script} ran (${seconds} s)\n`);
  } else {
    failed += 1;
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    process.stdout.write(`bench smoke: ${script} FAILED (exit ${result.status ?? result.error?.message})\n${output}\n`);
  }
}
process.stdout.write(`bench smoke: ${SMOKE_RUNS.length - failed} of ${SMOKE_RUNS.length} scripts ran\n`);
process.exit(failed === 0 ? 0 : 1);
