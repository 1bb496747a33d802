// migrate-cdktn: skip (names the old packages on purpose)
//
// `npm run migrate:cdktn` on a copy of this checkout gives the same Terraform as the checkout itself, once the
// differences the migration is expected to make are undone (test/support/cdktn-migration.ts, `normalise`). Both copies
// synthesize the user's own app (cdktf.json's `app`), so this holds for the project as configured, whatever its
// environments. The first run installs the CDK Terrain packages from the npm registry into .tools/cdktn/ (about 10 s).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyCheckout, linkModules, normalise, ROOT, runInCopy, synthCopy } from '../support/cdktn-migration';

const TIMEOUT_MS = 240_000;

/** cdktf provider bindings with no CDK Terrain build: the migration refuses a project that uses any. */
const ownPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const blockers = Object.keys({ ...ownPackage.dependencies, ...ownPackage.devDependencies }).filter(
  (name) => name.startsWith('@cdktf/provider-') && name !== '@cdktf/provider-aws',
);

(blockers.length > 0 ? describe : describe.skip)('npm run migrate:cdktn on a project with other cdktf bindings', () => {
  it(`refuses, naming ${blockers.join(', ')}, and changes nothing`, () => {
    const copy = copyCheckout('refused');
    const before = readFileSync(join(copy, 'package.json'), 'utf8');

    const result = spawnSync(process.execPath, ['scripts/migrate-cdktn.mjs', '--no-install', copy], {
      cwd: copy,
      encoding: 'utf8',
    });

    expect(result.status).toBe(1);
    for (const name of blockers) expect(result.stderr).toContain(name);
    expect(readFileSync(join(copy, 'package.json'), 'utf8')).toBe(before);
    expect(readFileSync(join(copy, 'main.ts'), 'utf8')).toMatch(/from 'cdktf'/);
  });
});

// The equivalence check runs whenever the migration can run: with @cdktf/provider-aws as the only binding.
(blockers.length === 0 ? describe : describe.skip)('npm run migrate:cdktn', () => {
  let original: string;
  let migrated: string;
  let before: Record<string, Record<string, unknown>>;
  let after: Record<string, Record<string, unknown>>;

  beforeAll(() => {
    original = copyCheckout('original');
    linkModules(original, false);
    before = synthCopy(original);

    migrated = copyCheckout('migrated');
    runInCopy(migrated, ['scripts/migrate-cdktn.mjs', '--no-install', migrated]);
    linkModules(migrated, true);
    after = synthCopy(migrated);
  }, TIMEOUT_MS);

  it('leaves no cdktf import, CLI path or cdktf package behind', () => {
    const pkg = JSON.parse(readFileSync(join(migrated, 'package.json'), 'utf8'));
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };

    expect(Object.keys(deps).filter((name) => /^(cdktf|cdktf-cli|@cdktf\/provider-aws)$/.test(name))).toEqual([]);
    expect(deps).toMatchObject({
      cdktn: '0.24.0',
      'cdktn-cli': '0.24.0',
      '@cdktn/provider-aws': '25.7.0',
      constructs: '10.7.2',
    });
    expect(readFileSync(join(migrated, 'main.ts'), 'utf8')).toMatch(/from 'cdktn'/);
    expect(readFileSync(join(migrated, 'scripts/app.mjs'), 'utf8')).toMatch(/external: \['cdktn', 'constructs'\]/);
  });

  it('declares the Terraform versions CDK Terrain checks features against', () => {
    expect(JSON.parse(readFileSync(join(migrated, 'cdktf.json'), 'utf8')).targetVersions).toEqual({
      terraform: '>=1.10.0',
    });
  });

  it('makes invoked_via_function_url a native argument instead of an override', () => {
    const sources = readFileSync(join(migrated, 'stacks/constructs/public-signed-webhook.ts'), 'utf8');

    expect(sources).not.toMatch(/addOverride\(\s*'invoked_via_function_url'/);
    expect(sources).toMatch(/invokedViaFunctionUrl: true/);
  });

  it('synthesizes the same stacks', () => {
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(Object.keys(before).length).toBeGreaterThan(0);
  });

  it('writes the provider source with its namespace, the one difference besides metadata', () => {
    for (const stack of Object.values(after)) {
      const providers = (stack.terraform as { required_providers?: Record<string, { source: string }> })
        .required_providers;
      expect(providers?.aws?.source).toBe('hashicorp/aws');
    }
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
