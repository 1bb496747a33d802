#!/usr/bin/env node
// Bundles every Lambda under functions/<name>/handler.ts with esbuild into dist/functions/<name>/index.js
// (+ source map) and packs it into dist/functions/<name>.zip with fixed timestamps and order, so the same
// source always gives the same zip bytes and hash. Usage: node scripts/build-functions.mjs [name ...]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { zipSync } from 'fflate';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const functionsOutDir = join(projectRoot, 'dist/functions');
const ZIP_EPOCH = new Date('1980-01-01T00:00:00Z');

/** Names of the directories under functions/ that hold a handler.ts (functions/shared is a library). */
export function functionNames() {
  const root = join(projectRoot, 'functions');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'handler.ts')))
    .map((d) => d.name)
    .sort();
}

/** How a function's code is compiled; bench/verify.mjs bundles the verifier the same way to measure what ships. */
export const FUNCTION_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  // The Node.js 22 Lambda runtime ships the AWS SDK v3; bundling it would add ~1 MB per function. It does not ship
  // Powertools or the X-Ray SDK (aws-xray-sdk-core) that Tracer loads: those are bundled.
  external: ['@aws-sdk/*'],
  // Only the X-Ray SDK's unused SDK v2 patcher imports semver, whose load alone costs the webhook more init time
  // than the rest of the tracer: see scripts/bundle-shims/semver.cjs.
  alias: { semver: './scripts/bundle-shims/semver.cjs' },
  logLevel: 'error',
  absWorkingDir: projectRoot,
};

async function buildOne(name, outRoot) {
  const outDir = join(outRoot, name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    ...FUNCTION_BUNDLE_OPTIONS,
    entryPoints: [join(projectRoot, 'functions', name, 'handler.ts')],
    outfile: join(outDir, 'index.js'),
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
  });
  const files = {};
  for (const file of readdirSync(outDir).sort()) {
    files[file] = [readFileSync(join(outDir, file)), { mtime: ZIP_EPOCH, level: 9 }];
  }
  const zip = zipSync(files, { mtime: ZIP_EPOCH });
  const zipPath = join(outRoot, `${name}.zip`);
  // Write then rename, so a synth running at the same time never reads half a zip.
  writeFileSync(`${zipPath}.${process.pid}.tmp`, zip);
  renameSync(`${zipPath}.${process.pid}.tmp`, zipPath);
  writeFileSync(join(outRoot, `${name}.meta.json`), JSON.stringify(result.metafile));
  return { name, zipPath, bytes: zip.length, sha256: createHash('sha256').update(zip).digest('base64') };
}

/** Builds the named functions (default: all) into `outRoot` (default dist/functions) and returns one record per zip. */
export async function buildFunctions(names = functionNames(), outRoot = functionsOutDir) {
  mkdirSync(outRoot, { recursive: true });
  return Promise.all(names.map((name) => buildOne(name, outRoot)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const requested = process.argv.slice(2);
  const known = functionNames();
  const unknown = requested.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown function(s): ${unknown.join(', ')} (known: ${known.join(', ')})\n`);
    process.exit(1);
  }
  for (const built of await buildFunctions(requested.length ? requested : known)) {
    process.stdout.write(`${built.name}: ${built.bytes} bytes, sha256 ${built.sha256}\n`);
  }
}
