#!/usr/bin/env node
// cdktf.json's `app`: builds the function bundles, bundles main.ts with esbuild (no type-checking: `npm run typecheck` does that) and runs it.
// Bundling makes synth take well under a second of module loading instead of ts-node's many seconds.
// cdktf and constructs stay external: cdktf re-runs its own file to zip ARCHIVE assets, which must not be the bundle.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildFunctions } from './build-functions.mjs';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outfile = join(projectRoot, 'dist/app/main.cjs');

// cdktf 0.21 (archived, so never fixed) calls util.isArray, which Node.js 22 deprecates at run time (DEP0044): every
// synth would print a warning about code that is not ours. Drop that one warning; every other still prints.
const printWarning = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.code === 'DEP0044') return;
  for (const listener of printWarning) listener(warning);
});

// The function bundles first: the stacks hash and ship dist/functions/<name>.zip.
await buildFunctions();
await build({
  entryPoints: [join(projectRoot, 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22', // the oldest Node.js package.json's engines admits
  format: 'cjs',
  sourcemap: 'inline',
  external: ['cdktf', 'constructs'],
  logLevel: 'error',
  absWorkingDir: projectRoot,
});
await import(pathToFileURL(outfile).href);
