// Builds the function bundles with the project's own build (tools/build/build-functions.mjs) straight into
// bench/.work/bundles, never into dist/functions, which a test run or synth deletes and rebuilds whenever it
// runs (a measurement could load a half-written bundle). They resolve the external AWS SDK from node_modules.
import { join } from 'node:path';
import { buildFunctions, functionNames } from '../../tools/build/build-functions.mjs';
import { workDir } from './measure.mjs';

export const bundlesDir = join(workDir, 'bundles');

/**
 * Builds `names` (default: every function) and returns where they are:
 * { name, index: <dir>/<name>/index.js, zip: <dir>/<name>.zip } for each.
 */
export async function buildBundles(names = functionNames()) {
  await buildFunctions(names, bundlesDir);
  return names.map((name) => ({
    name,
    index: join(bundlesDir, name, 'index.js'),
    zip: join(bundlesDir, `${name}.zip`),
  }));
}
