#!/usr/bin/env node
// cdktf.json's `app`: bundles main.ts with esbuild (no type-checking: `npm run typecheck` does that) and runs it.
// Bundling makes synth take well under a second of module loading instead of ts-node's many seconds.
// cdktf and constructs stay external: cdktf re-runs its own file to zip ARCHIVE assets, which must not be the bundle.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(projectRoot, 'dist/app/main.cjs');

await build({
  entryPoints: [join(projectRoot, 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['cdktf', 'constructs'],
  logLevel: 'error',
  absWorkingDir: projectRoot,
});
await import(pathToFileURL(outfile).href);
