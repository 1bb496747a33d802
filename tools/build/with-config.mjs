// Loads TypeScript modules together with a checkout's settings (config/environments.ts, config/delivery.ts), for
// the plain-node commands that need both (ops/env-stacks.mjs, tools/ci/scan.mjs, tools/maintenance/fork-check.mjs):
// bundled by esbuild as the app is, written to `outfile`, then imported.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * The module `export { projectConfig, deliveryConfig }` from `root`'s config/, plus everything each of `modules`
 * (paths relative to `root`, without extension) exports.
 */
export async function loadWithConfig(root, outfile, modules = []) {
  await build({
    stdin: {
      contents: [
        "export { projectConfig } from './config/environments';",
        "export { deliveryConfig } from './config/delivery';",
        ...modules.map((module) => `export * from './${module}';`),
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile: join(root, outfile),
    bundle: true,
    platform: 'node',
    target: 'node22', // the oldest Node.js package.json's engines admits
    format: 'cjs',
    logLevel: 'error',
    absWorkingDir: root,
  });
  return import(pathToFileURL(join(root, outfile)).href);
}
