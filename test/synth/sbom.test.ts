// Every function bundle ships dist/functions/<name>/sbom.cdx.json naming every npm package inlined into it, with the
// version package-lock.json pins. The witness is independent of the SBOM code: the bundle's source maps (index.js's
// and those of the chunks beside it, such as the tracer's), whose `sources` list every file that put code into them. The bundles are built into a folder of this test's own, by
// the same script, so builds by other test files cannot change them underneath.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '../..');
const outRoot = mkdtempSync(join(tmpdir(), 'sbom-bundles-'));
execFileSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const m = await import(${JSON.stringify(join(ROOT, 'tools/build/build-functions.mjs'))}); await m.buildFunctions(undefined, ${JSON.stringify(outRoot)});`,
  ],
  { cwd: ROOT },
);

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};
const functionNames = readdirSync(join(ROOT, 'functions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'functions', d.name, 'handler.ts')))
  .map((d) => d.name);

interface Component {
  readonly group?: string;
  readonly name: string;
  readonly version: string;
  readonly purl: string;
}

/** `name@version` of every package the source maps say put code into the bundle, versions from the lock file. */
function packagesInSourceMap(name: string): string[] {
  const maps = readdirSync(join(outRoot, name)).filter((file) => file.endsWith('.js.map'));
  const sources = maps.flatMap(
    (file) => (JSON.parse(readFileSync(join(outRoot, name, file), 'utf8')) as { sources: string[] }).sources,
  );
  const found = new Set<string>();
  for (const source of sources) {
    // Sources are relative to the map's folder; the lock file's keys to the project root.
    const fromRoot = relative(ROOT, resolve(outRoot, name, source))
      .split('\\')
      .join('/');
    const match = /^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)\//.exec(fromRoot);
    if (!match) continue;
    const [, prefix, packageName] = match;
    const version = lock.packages[`${prefix}${packageName}`]?.version;
    if (!version) throw new Error(`${source}: ${prefix}${packageName} is not in package-lock.json`);
    found.add(`${packageName}@${version}`);
  }
  return [...found].sort();
}

describe.each(functionNames)('dist/functions/%s', (name) => {
  const sbomPath = join(outRoot, name, 'sbom.cdx.json');

  it('has a CycloneDX SBOM beside the bundle, about this zip', () => {
    expect(existsSync(sbomPath)).toBe(true);
    const sbom = JSON.parse(readFileSync(sbomPath, 'utf8'));
    const zipSha256 = createHash('sha256')
      .update(readFileSync(join(outRoot, `${name}.zip`)))
      .digest('hex');

    expect(sbom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    expect(sbom.metadata.component).toMatchObject({ name, hashes: [{ alg: 'SHA-256', content: zipSha256 }] });
  });

  it('names exactly the npm packages inlined, each with its locked version and purl', () => {
    const components = (JSON.parse(readFileSync(sbomPath, 'utf8')) as { components: Component[] }).components;
    const named = components.map((c) => `${c.group ? `${c.group}/` : ''}${c.name}@${c.version}`).sort();

    expect(named).toEqual(packagesInSourceMap(name));
    for (const c of components) {
      const fullName = `${c.group ? `${c.group}/` : ''}${c.name}`;
      expect(c.purl).toBe(`pkg:npm/${fullName.replace(/^@/, '%40')}@${c.version}`);
    }
  });

  it('leaves the SBOM out of the zip Lambda runs', () => {
    const zip = readFileSync(join(outRoot, `${name}.zip`));

    expect(zip.includes(Buffer.from('sbom.cdx.json'))).toBe(false);
  });
});

it('finds at least one function with npm packages inlined (else the checks above prove nothing)', () => {
  expect(functionNames.some((name) => packagesInSourceMap(name).length > 0)).toBe(true);
});
