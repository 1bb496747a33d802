// tools/build/sbom.mjs: which npm package an esbuild input belongs to, and the CycloneDX document built from a metafile
// and a lock file (small hand-written ones here; test/synth/sbom.test.ts checks the real bundles).
import { callEsm } from '../support/esm';

const SBOM = 'tools/build/sbom.mjs';

interface Component {
  readonly name: string;
  readonly group?: string;
  readonly version: string;
  readonly purl: string;
  readonly licenses?: readonly { readonly expression: string }[];
  readonly hashes?: readonly { readonly alg: string; readonly content: string }[];
}
interface Bom {
  readonly bomFormat: string;
  readonly specVersion: string;
  readonly serialNumber: string;
  readonly metadata: { readonly component: { readonly name: string; readonly hashes: readonly unknown[] } };
  readonly components: readonly Component[];
  readonly dependencies: readonly { readonly ref: string; readonly dependsOn?: readonly string[] }[];
}

const metafile = {
  outputs: {
    'dist/functions/demo/index.js': {
      inputs: {
        'functions/demo/handler.ts': { bytesInOutput: 500 },
        'node_modules/pg/lib/index.js': { bytesInOutput: 900 },
        'node_modules/pg/lib/client.js': { bytesInOutput: 1200 },
        'node_modules/@aws-lambda-powertools/logger/lib/cjs/index.js': { bytesInOutput: 300 },
        'node_modules/pg/node_modules/pg-types/index.js': { bytesInOutput: 40 },
        'node_modules/only-types/index.js': { bytesInOutput: 0 },
      },
    },
  },
};
const lock = {
  packages: {
    'node_modules/pg': { version: '8.23.1', license: 'MIT', integrity: 'sha512-AAEC' },
    'node_modules/@aws-lambda-powertools/logger': { version: '2.36.0', license: 'MIT-0' },
    'node_modules/pg/node_modules/pg-types': { version: '4.0.0' },
    'node_modules/only-types': { version: '1.0.0' },
  },
};
const args = {
  name: 'demo',
  metafile,
  outputFile: 'dist/functions/demo/index.js',
  lock,
  zipSha256Hex: 'ab'.repeat(32),
  project: { name: 'acme', version: '0.1.0' },
};

describe('packageOfInput', () => {
  it.each([
    ['node_modules/pg/lib/client.js', { name: 'pg', lockPath: 'node_modules/pg' }],
    [
      'node_modules/@aws-lambda-powertools/logger/lib/cjs/index.js',
      { name: '@aws-lambda-powertools/logger', lockPath: 'node_modules/@aws-lambda-powertools/logger' },
    ],
    [
      'node_modules/pg/node_modules/pg-types/index.js',
      { name: 'pg-types', lockPath: 'node_modules/pg/node_modules/pg-types' },
    ],
    ['../../elsewhere/node_modules/pg/lib/client.js', { name: 'pg', lockPath: 'node_modules/pg' }],
  ])('finds the package and its lock path of %s', (input, expected) => {
    expect(callEsm(SBOM, 'packageOfInput', input)).toEqual({ ok: true, value: expected });
  });

  it('returns nothing for the project’s own files', () => {
    expect(callEsm(SBOM, 'packageOfInput', 'functions/shared/logger.ts')).toEqual({ ok: true });
  });
});

describe('functionSbom', () => {
  const bom = (() => {
    const result = callEsm<Bom>(SBOM, 'functionSbom', args);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  })();

  it('is a CycloneDX 1.6 document about the function’s zip', () => {
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bom.metadata.component).toMatchObject({
      name: 'demo',
      hashes: [{ alg: 'SHA-256', content: 'ab'.repeat(32) }],
    });
  });

  it('lists each inlined package once, with the version, licence and hash from the lock file', () => {
    expect(bom.components.map((c) => c.purl)).toEqual([
      'pkg:npm/%40aws-lambda-powertools/logger@2.36.0',
      'pkg:npm/pg-types@4.0.0',
      'pkg:npm/pg@8.23.1',
    ]);
    expect(bom.components.find((c) => c.name === 'logger')).toMatchObject({
      group: '@aws-lambda-powertools',
      version: '2.36.0',
      licenses: [{ expression: 'MIT-0' }],
    });
    expect(bom.components.find((c) => c.name === 'pg')?.hashes).toEqual([{ alg: 'SHA-512', content: '000102' }]);
  });

  it('leaves out a package esbuild kept no byte of', () => {
    expect(bom.components.some((c) => c.name === 'only-types')).toBe(false);
  });

  it('makes the function depend on every component', () => {
    expect(bom.dependencies[0]).toEqual({ ref: 'function:demo', dependsOn: bom.components.map((c) => c.purl) });
  });

  it('gives the same bytes for the same input', () => {
    expect(callEsm(SBOM, 'functionSbom', args)).toEqual({ ok: true, value: bom });
  });

  it('fails, naming the package and the fix, when the lock file lacks an inlined package', () => {
    const result = callEsm(SBOM, 'functionSbom', { ...args, lock: { packages: {} } });

    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/demo: .* is inlined from node_modules\/.*run npm install/),
    });
  });
});
