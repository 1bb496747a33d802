// Builds the function bundles with the project's own build (scripts/build-functions.mjs) and copies them to
// bench/.work/bundles, so a test run or synth that rebuilds dist/functions meanwhile cannot pull a bundle
// away in the middle of a measurement. The copies resolve the external AWS SDK from node_modules as before.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunctions, functionNames, functionsOutDir } from '../../scripts/build-functions.mjs';
import { workDir } from './measure.mjs';

export const bundlesDir = join(workDir, 'bundles');

function copyBundle(name) {
  const target = join(bundlesDir, name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(join(functionsOutDir, name))) {
    copyFileSync(join(functionsOutDir, name, file), join(target, file));
  }
  const zip = join(functionsOutDir, `${name}.zip`);
  if (existsSync(zip)) copyFileSync(zip, join(bundlesDir, `${name}.zip`));
}

/**
 * Builds `names` (default: every function) and returns where their copies are:
 * { name, index: <dir>/<name>/index.js, zip: <dir>/<name>.zip } for each.
 */
export async function snapshotBundles(names = functionNames()) {
  for (let attempt = 1; ; attempt++) {
    try {
      await buildFunctions(names);
      for (const name of names) copyBundle(name);
      break;
    } catch (error) {
      // Another process rebuilt dist/functions between our build and copy: build again.
      if (attempt >= 3 || error?.code !== 'ENOENT') throw error;
    }
  }
  return names.map((name) => ({
    name,
    index: join(bundlesDir, name, 'index.js'),
    zip: join(bundlesDir, `${name}.zip`),
  }));
}
