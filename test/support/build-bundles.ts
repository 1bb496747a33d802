// Global setup of the synth and config tests: the stacks hash and ship dist/functions/<name>.zip, so build them
// first, once per jest run (both projects name this file; jest runs every global setup in its one main process).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BUILT = Symbol.for('secure-serverless.bundles-built');

export default function buildBundles(): void {
  const state = globalThis as { [BUILT]?: boolean };
  if (state[BUILT]) return;
  const result = spawnSync(process.execPath, [join(__dirname, '../../scripts/build-functions.mjs')], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`npm run build:functions failed:\n${result.stderr || result.stdout}`);
  }
  state[BUILT] = true;
}
