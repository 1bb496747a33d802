// migrate-cdktn: skip (names the old packages on purpose)
//
// `npm run migrate:cdktn` on a copy of this checkout gives the same Terraform as the checkout itself, once the
// differences the migration is expected to make are undone (see test/support/cdktn-migration.ts, `normalise`). Both copies
// synthesize the app (cdktf.json's `app`) with the all-features fixture as their config/ (database, delivery, the
// bootstrap and github stacks), so a fork's config edits cannot change the result. The first run installs the CDK Terrain packages from the npm registry into .tools/cdktn/ (about 6 s here).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { allFeatures } from '../fixtures';
import { copyCheckout, linkModules, normalise, ROOT, runInCopy, synthCopy } from '../support/cdktn-migration';
import { writeFixtureConfig } from '../support/fixture-checkout';

const TIMEOUT_MS = 240_000;

/** Prebuilt bindings other than AWS's have no CDK Terrain package on npm: the migration vendors them. */
const ownPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const vendored = Object.keys({ ...ownPackage.dependencies, ...ownPackage.devDependencies }).filter(
  (name) => name.startsWith('@cdktf/provider-') && name !== '@cdktf/provider-aws',
);

// After the migration there is nothing left to migrate: the check stands down, saying so.
const onCdktf = 'cdktf' in { ...ownPackage.dependencies, ...ownPackage.devDependencies };
if (!onCdktf) process.stderr.write('migrate:cdktn check skipped: this checkout is on CDK Terrain already\n');

(onCdktf ? describe : describe.skip)('npm run migrate:cdktn', () => {
  let original: string;
  let migrated: string;
  let before: Record<string, Record<string, unknown>>;
  let after: Record<string, Record<string, unknown>>;

  beforeAll(() => {
    original = copyCheckout('original');
    writeFixtureConfig(original, allFeatures);
    linkModules(original, false);
    before = synthCopy(original);

    migrated = copyCheckout('migrated');
    writeFixtureConfig(migrated, allFeatures);
    // As after `npm ci`: the migration copies the bindings it vendors from node_modules.
    linkModules(migrated, false);
    runInCopy(migrated, ['tools/maintenance/migrate-cdktn.mjs', '--no-install', migrated]);
    rmSync(join(migrated, 'node_modules'));
    linkModules(migrated, true);
    after = synthCopy(migrated);
  }, TIMEOUT_MS);

  it('leaves no cdktf import, CLI path or cdktf package behind', () => {
    const pkg = JSON.parse(readFileSync(join(migrated, 'package.json'), 'utf8'));
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };

    expect(Object.keys(deps).filter((name) => /^(cdktf|cdktf-cli|@cdktf\/.*)$/.test(name))).toEqual([]);
    expect(deps).toMatchObject({
      cdktn: '0.24.0',
      'cdktn-cli': '0.24.0',
      '@cdktn/provider-aws': '25.7.0',
      constructs: '10.7.2',
    });
    expect(readFileSync(join(migrated, 'main.ts'), 'utf8')).toMatch(/from 'cdktn'/);
    expect(readFileSync(join(migrated, 'tools/build/app.mjs'), 'utf8')).toMatch(/external: \['cdktn', 'constructs'\]/);
  });

  it(`vendors ${vendored.join(', ') || 'no bindings'} under its CDK Terrain name, with no cdktf import left`, () => {
    const vendorDir = join(migrated, 'vendor');
    const folders = existsSync(vendorDir) ? readdirSync(vendorDir, { encoding: 'utf8' }).sort() : [];

    expect(folders).toEqual(vendored.map((name) => name.replace('@cdktf/', 'cdktn-')).sort());
    for (const name of vendored) expectVendored(name);
  });

  function expectVendored(name: string): void {
    const target = name.replace('@cdktf/', '@cdktn/');
    const folder = `vendor/${target.replace('@cdktn/', 'cdktn-')}`;
    const pkg = JSON.parse(readFileSync(join(migrated, 'package.json'), 'utf8'));
    const vendoredPkg = JSON.parse(readFileSync(join(migrated, folder, 'package.json'), 'utf8'));
    const files = readdirSync(join(migrated, folder, 'lib'), { recursive: true, encoding: 'utf8' });
    const code = files
      .filter((file) => /\.(js|d\.ts)$/.test(file))
      .map((file) => readFileSync(join(migrated, folder, 'lib', file), 'utf8'));

    expect({ ...pkg.dependencies, ...pkg.devDependencies }[target]).toBe(`file:${folder}`);
    expect(vendoredPkg).toMatchObject({ name: target, license: expect.any(String) });
    expect(vendoredPkg.dependencies).toBeUndefined();
    expect(code.length).toBeGreaterThan(0);
    expect(code.filter((text) => /(require\(|from )["']cdktf["']/.test(text))).toEqual([]);
    expect(code.every((text) => /(require\(|from )["']cdktn["']/.test(text))).toBe(true);
  }

  it('declares the Terraform versions CDK Terrain checks features against', () => {
    expect(JSON.parse(readFileSync(join(migrated, 'cdktf.json'), 'utf8')).targetVersions).toEqual({
      terraform: '>=1.10.0',
    });
  });

  it('makes invoked_via_function_url a native argument instead of an override', () => {
    const sources = readFileSync(join(migrated, 'lib/constructs/public-signed-webhook.ts'), 'utf8');

    expect(sources).not.toMatch(/addOverride\(\s*'invoked_via_function_url'/);
    expect(sources).toMatch(/invokedViaFunctionUrl: true/);
  });

  it('synthesizes the same stacks, the bootstrap and github ones included', () => {
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['bootstrap', 'github']));
  });

  it('writes the AWS provider source with its namespace, the one difference besides metadata', () => {
    const sources = Object.values(after).map(
      (stack) =>
        (stack.terraform as { required_providers?: Record<string, { source: string }> }).required_providers?.aws
          ?.source,
    );

    expect(sources.filter((source) => source !== undefined).length).toBeGreaterThan(0);
    expect(sources.filter((source) => source !== undefined && source !== 'hashicorp/aws')).toEqual([]);
  });

  it('gives identical Terraform JSON for every stack once the listed differences are normalised', () => {
    for (const name of Object.keys(before)) {
      expect({ name, json: normalise(after[name] ?? {}, migrated) }).toEqual({
        name,
        json: normalise(before[name] ?? {}, original),
      });
    }
  });
});
