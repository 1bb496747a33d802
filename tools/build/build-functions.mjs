#!/usr/bin/env node
// Bundles every Lambda under functions/<name>/handler.ts with esbuild into dist/functions/<name>/index.js
// (+ source map) and packs it into dist/functions/<name>.zip with fixed timestamps and order, so the same
// source always gives the same zip bytes and hash. Beside the code, outside the zip, it writes
// dist/functions/<name>/sbom.cdx.json: a CycloneDX SBOM of exactly the npm packages inlined (tools/build/sbom.mjs),
// which CI scans for known vulnerabilities. Usage: node tools/build/build-functions.mjs [name ...]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { functionSbom } from './sbom.mjs';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const functionsOutDir = join(projectRoot, 'dist/functions');
const ZIP_EPOCH = new Date('1980-01-01T00:00:00Z');
/** The SBOM's file name: osv-scanner and other tools recognise `*.cdx.json` as CycloneDX. */
export const SBOM_FILE = 'sbom.cdx.json';

/** Names of the directories under functions/ that hold a handler.ts (functions/shared is a library). */
export function functionNames() {
  const root = join(projectRoot, 'functions');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'handler.ts')))
    .map((d) => d.name)
    .sort();
}

/** How a function's code is compiled; bench/verify.mjs bundles the verifier the same way to measure what ships. */
// The target is the Lambda runtime's Node.js major (LAMBDA_NODE_MAJOR in lib/constructs/lambda-runtime.ts; a unit test
// holds the two together).
export const FUNCTION_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  // The Node.js 24 Lambda runtime ships the AWS SDK v3; bundling it would add ~1 MB per function. It does not ship
  // Powertools or the X-Ray SDK (aws-xray-sdk-core) that Tracer loads: those are bundled.
  external: ['@aws-sdk/*'],
  // A package's ES build where it has one (`module`), so esbuild keeps only what the function uses: the CommonJS
  // build of @smithy/core, which the webhook's signer (functions/shared/secrets-manager-http.ts) imports a few
  // helpers from, is one file of 140 KB.
  mainFields: ['module', 'main'],
  // Only the X-Ray SDK's unused SDK v2 patcher imports semver, whose load alone costs the webhook more init time
  // than the rest of the tracer: see tools/build/bundle-shims/semver.cjs.
  alias: { semver: './tools/build/bundle-shims/semver.cjs' },
  logLevel: 'error',
  absWorkingDir: projectRoot,
};

/**
 * Packages a function loads only on its first sampled invocation (functions/shared/tracing.ts require()s them
 * there): each is built into its own file beside index.js, so init neither parses it nor reads its source map.
 */
export const LAZY_CHUNKS = { '@aws-lambda-powertools/tracer': 'powertools-tracer.js' };

/** Leaves a require() of a LAZY_CHUNKS package to its chunk file at run time. */
const lazyChunks = {
  name: 'lazy-chunks',
  setup(build) {
    const names = Object.keys(LAZY_CHUNKS).map((name) => name.replace(/[/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) =>
      args.kind === 'require-call' ? { path: `./${LAZY_CHUNKS[args.path]}`, external: true } : undefined,
    );
  },
};

/** The chunks `metafile`'s output imports, built into `outDir`; returns their metafiles. */
async function buildChunks(metafile, outDir) {
  const imported = Object.values(metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
  const chunks = Object.entries(LAZY_CHUNKS).filter(([, file]) => imported.includes(`./${file}`));
  return Promise.all(
    chunks.map(async ([pkg, file]) => {
      const result = await build({
        ...FUNCTION_BUNDLE_OPTIONS,
        entryPoints: [pkg],
        outfile: join(outDir, file),
        sourcemap: true,
        sourcesContent: false,
        metafile: true,
      });
      return result.metafile;
    }),
  );
}

async function buildOne(name, outRoot, lock, project) {
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
    plugins: [lazyChunks],
  });
  const chunkMetafiles = await buildChunks(result.metafile, outDir);
  const files = {};
  for (const file of readdirSync(outDir).sort()) {
    files[file] = [readFileSync(join(outDir, file)), { mtime: ZIP_EPOCH, level: 9 }];
  }
  const zip = zipSync(files, { mtime: ZIP_EPOCH });
  const zipPath = join(outRoot, `${name}.zip`);
  // Write then rename, so a synth running at the same time never reads half a zip.
  writeFileSync(`${zipPath}.${process.pid}.tmp`, zip);
  renameSync(`${zipPath}.${process.pid}.tmp`, zipPath);
  // esbuild keys its outputs by their path relative to absWorkingDir, with forward slashes.
  const outputFile = relative(projectRoot, join(outDir, 'index.js')).split(sep).join('/');
  const metafile = withChunks(result.metafile, chunkMetafiles, outputFile);
  writeFileSync(join(outRoot, `${name}.meta.json`), JSON.stringify(metafile));
  const digest = createHash('sha256').update(zip).digest();
  const sbom = functionSbom({
    name,
    metafile,
    outputFile,
    lock,
    zipSha256Hex: digest.toString('hex'),
    project,
  });
  writeFileSync(join(outDir, SBOM_FILE), `${JSON.stringify(sbom, null, 2)}\n`);
  return { name, zipPath, bytes: zip.length, sha256: digest.toString('base64'), components: sbom.components.length };
}

/**
 * One metafile for a function: every input of the bundle and its chunks, and the index.js output listing the
 * chunks' inputs too, so the SBOM and the bundle tests see everything the zip holds.
 */
function withChunks(metafile, chunkMetafiles, outputFile) {
  const merged = { inputs: { ...metafile.inputs }, outputs: { ...metafile.outputs } };
  for (const chunk of chunkMetafiles) {
    Object.assign(merged.inputs, chunk.inputs);
    Object.assign(merged.outputs, chunk.outputs);
    for (const output of Object.values(chunk.outputs)) {
      merged.outputs[outputFile] = {
        ...merged.outputs[outputFile],
        inputs: { ...merged.outputs[outputFile].inputs, ...output.inputs },
      };
    }
  }
  return merged;
}

/** Builds the named functions (default: all) into `outRoot` (default dist/functions) and returns one record per zip. */
export async function buildFunctions(names = functionNames(), outRoot = functionsOutDir) {
  mkdirSync(outRoot, { recursive: true });
  const lock = JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8'));
  const { name, version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  return Promise.all(names.map((fn) => buildOne(fn, outRoot, lock, { name, version })));
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
    process.stdout.write(
      `${built.name}: ${built.bytes} bytes, sha256 ${built.sha256}, ${built.components} npm packages in ${SBOM_FILE}\n`,
    );
  }
}
