// Global setup of the synth tests: the stacks hash and ship dist/functions/<name>.zip, so build them first.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function buildBundles(): void {
  const result = spawnSync(process.execPath, [join(__dirname, '../../scripts/build-functions.mjs')], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`npm run build:functions failed:\n${result.stderr || result.stdout}`);
  }
}
