// Global setup of the synth, config and terraform tests: the stacks hash and ship dist/functions/<name>.zip, so build
// them first, once per jest run (the projects name this file; jest runs every global setup in its one main process).
// It also makes the run's synth cache folder (test/support/synth.ts, synthFixtureOnce), which the test workers it
// starts afterwards inherit through the environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUILT = Symbol.for('secure-serverless.bundles-built');

/** The environment variable naming the jest run's synth cache folder (read by test/support/synth.ts). */
export const SYNTH_CACHE_VARIABLE = 'SYNTH_FIXTURE_CACHE_DIR';

export default function buildBundles(): void {
  const state = globalThis as { [BUILT]?: boolean };
  if (state[BUILT]) return;
  const result = spawnSync(process.execPath, [join(__dirname, '../../tools/build/build-functions.mjs')], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`npm run build:functions failed:\n${result.stderr || result.stdout}`);
  }
  state[BUILT] = true;
  process.env[SYNTH_CACHE_VARIABLE] = mkdtempSync(join(tmpdir(), 'synth-cache-'));
}
