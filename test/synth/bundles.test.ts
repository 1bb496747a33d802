// The function bundles the stacks ship: built twice into separate folders, they must be byte-identical,
// export `handler`, carry a source map, leave the AWS SDK to the Lambda runtime and keep the tracer in a file of
// its own, loaded on the first sampled invocation rather than at init.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { unzipSync } from 'fflate';

const projectRoot = join(__dirname, '../..');
/** Every functions/<name>/ with a handler.ts, read here rather than listed, so a team's new function is covered too. */
const FUNCTIONS = readdirSync(join(projectRoot, 'functions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(projectRoot, 'functions', entry.name, 'handler.ts')))
  .map((entry) => entry.name)
  .sort();
/** What each zip holds: the handler and the tracer chunk (LAZY_CHUNKS in tools/build/build-functions.mjs), with maps. */
const ZIP_FILES = ['index.js', 'index.js.map', 'powertools-tracer.js', 'powertools-tracer.js.map'];

/** Runs tools/build/build-functions.mjs's buildFunctions into `outRoot` and returns its records. */
function build(outRoot: string): Array<{ name: string; bytes: number; sha256: string }> {
  const script = `import { buildFunctions } from './tools/build/build-functions.mjs';
    const built = await buildFunctions(undefined, ${JSON.stringify(outRoot)});
    process.stdout.write(JSON.stringify(built.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 }))));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

describe('function bundles', () => {
  const first = mkdtempSync(join(tmpdir(), 'bundles-a-'));
  const second = mkdtempSync(join(tmpdir(), 'bundles-b-'));
  const builtFirst = build(first);
  const builtSecond = build(second);
  // The database functions read their CA bundle at init (in Lambda: /var/runtime/ca-cert.pem).
  const caBundle = join(first, 'ca.pem');
  writeFileSync(caBundle, rootCertificates[0] ?? '');

  it('builds one zip per function folder', () => {
    expect(FUNCTIONS).toContain('webhook');
    expect(builtFirst.map((b) => b.name).sort()).toEqual(FUNCTIONS);
  });

  it('gives the same zip bytes and hash for the same source', () => {
    expect(builtSecond).toEqual(builtFirst);
    for (const name of FUNCTIONS) {
      expect(readFileSync(join(second, `${name}.zip`)).equals(readFileSync(join(first, `${name}.zip`)))).toBe(true);
    }
  });

  it.each(FUNCTIONS)('packs %s as index.js exporting handler, with its source map and the tracer chunk', (name) => {
    const files = unzipSync(readFileSync(join(first, `${name}.zip`)));
    expect(Object.keys(files).sort()).toEqual(ZIP_FILES);
    const code = Buffer.from(files['index.js'] ?? new Uint8Array()).toString('utf8');
    expect(code).toContain('//# sourceMappingURL=index.js.map');
    // Loaded the way the runtime loads it (the SDK resolved from outside the bundle), it exports a handler.
    const probe = spawnSync(
      process.execPath,
      ['-e', `process.stdout.write(typeof require(${JSON.stringify(join(first, name, 'index.js'))}).handler)`],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          NODE_PATH: join(projectRoot, 'node_modules'),
          AWS_REGION: 'eu-west-1',
          DB_CA_BUNDLE_PATH: caBundle,
        },
      },
    );
    expect(probe.stdout).toBe('function');
  });

  it.each(FUNCTIONS)('leaves the AWS SDK v3 in %s to the Lambda runtime', (name) => {
    const meta = JSON.parse(readFileSync(join(first, `${name}.meta.json`), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const bundledSdk = Object.keys(meta.inputs).filter((path) => path.includes('node_modules/@aws-sdk/client-'));
    expect(bundledSdk).toEqual([]);
    expect(readdirSync(join(first, name)).sort()).toEqual([...ZIP_FILES, 'sbom.cdx.json']);
  });

  it.each(FUNCTIONS)(
    'requires only Node built-ins, the AWS SDK v3 and its own tracer chunk at run time from %s',
    (name) => {
      const code = (file: string) => readFileSync(join(first, name, file), 'utf8');
      const meta = JSON.parse(readFileSync(join(first, `${name}.meta.json`), 'utf8')) as {
        inputs: Record<string, unknown>;
      };
      const fromOutside = (source: string) =>
        [...new Set([...source.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1] as string))].filter(
          (id) =>
            !id.startsWith('@aws-sdk/') &&
            !builtinModules.includes(id.replace(/^node:/, '')) &&
            // pg tries its optional native binding in a try/catch and falls back to JavaScript.
            id !== 'pg-native',
        );

      expect(fromOutside(code('index.js'))).toEqual(['./powertools-tracer.js']);
      expect(fromOutside(code('powertools-tracer.js'))).toEqual([]);
      // The X-Ray SDK's middleware name: in the chunk, not in what init parses.
      expect(code('powertools-tracer.js')).toContain('XRaySDKInstrumentation');
      expect(code('index.js')).not.toContain('XRaySDKInstrumentation');
      const inputs = Object.keys(meta.inputs);
      expect(inputs.some((path) => path.startsWith('node_modules/@aws-lambda-powertools/tracer/'))).toBe(true);
      expect(inputs.some((path) => path.startsWith('node_modules/aws-xray-sdk-core/'))).toBe(true);
    },
  );

  it.each(FUNCTIONS)(
    'gives %s the semver shim, imported only by the X-Ray SDK v2 patcher it was written for',
    (name) => {
      const meta = JSON.parse(readFileSync(join(first, `${name}.meta.json`), 'utf8')) as {
        inputs: Record<string, { imports: Array<{ path: string }> }>;
      };

      const importers = Object.entries(meta.inputs)
        .filter(([, input]) => input.imports.some((imported) => /(^|\/)semver(\/|\.cjs$)/.test(imported.path)))
        .map(([path]) => path);

      expect(importers).toEqual(['node_modules/aws-xray-sdk-core/dist/lib/patchers/aws_p.js']);
      expect(Object.keys(meta.inputs).filter((path) => path.startsWith('node_modules/semver/'))).toEqual([]);
    },
  );
});
