// migrate-cdktn: skip (names the old packages on purpose)
//
// The rewrite rules of tools/maintenance/migrate-cdktn.mjs on small inputs; test/migrate/migrate-cdktn.test.ts runs the whole
// migration on a copy of the checkout and compares the Terraform.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callEsm } from '../support/esm';

const MIGRATE = 'tools/maintenance/migrate-cdktn.mjs';

function migrateSource(text: string): string {
  const result = callEsm<string>(MIGRATE, 'migrateSource', text, 'stacks/example.ts');
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('migrateSource', () => {
  it('renames module specifiers in imports, side-effect imports, require and dynamic import', () => {
    const before = [
      "import { App, TerraformStack } from 'cdktf';",
      "import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';",
      "import 'cdktf/lib/testing/adapters/jest';",
      "const { Testing } = require('cdktf');",
      "const aws = await import('@cdktf/provider-aws/lib/provider');",
      "import { GithubProvider } from '@cdktf/provider-github/lib/provider';",
    ].join('\n');

    expect(migrateSource(before).split('\n')).toEqual([
      "import { App, TerraformStack } from 'cdktn';",
      "import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';",
      "import 'cdktn/lib/testing/adapters/jest';",
      "const { Testing } = require('cdktn');",
      "const aws = await import('@cdktn/provider-aws/lib/provider');",
      "import { GithubProvider } from '@cdktn/provider-github/lib/provider';",
    ]);
  });

  it('renames esbuild externals and the CLI path, and leaves other strings that say cdktf alone', () => {
    const before = [
      "await build({ external: ['cdktf', 'constructs'] });",
      "const cli = join(root, 'node_modules/.bin/cdktf');",
      "const tags = { ManagedBy: 'cdktf' };",
      "const warn = '@cdktf/warn';",
    ].join('\n');

    expect(migrateSource(before).split('\n')).toEqual([
      "await build({ external: ['cdktn', 'constructs'] });",
      "const cli = join(root, 'node_modules/.bin/cdktn');",
      "const tags = { ManagedBy: 'cdktf' };",
      "const warn = '@cdktf/warn';",
    ]);
  });

  it('moves the invoked_via_function_url override, with its comment, into the permission as a native argument', () => {
    const before = [
      "    const viaUrlOnly = new LambdaPermission(this, 'webhook-invoke-via-url', {",
      "      action: 'lambda:InvokeFunction',",
      "      principal: '*',",
      '    });',
      '    // the bindings lack the argument',
      "    viaUrlOnly.addOverride('invoked_via_function_url', true);",
      '    const next = 1;',
    ].join('\n');

    expect(migrateSource(before).split('\n')).toEqual([
      "    const viaUrlOnly = new LambdaPermission(this, 'webhook-invoke-via-url', {",
      '      invokedViaFunctionUrl: true,',
      "      action: 'lambda:InvokeFunction',",
      "      principal: '*',",
      '    });',
      '    const next = 1;',
    ]);
  });

  it('refuses, naming the file and the manual fix, an override it cannot place', () => {
    const result = callEsm(MIGRATE, 'migrateSource', "other.addOverride('invoked_via_function_url', true);\n", 'x.ts');

    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^x\.ts: other\.addOverride.*invokedViaFunctionUrl: true/),
    });
  });
});

describe('migratePackageJson', () => {
  const pkg = {
    dependencies: { cdktf: '0.21.0', '@cdktf/provider-aws': '21.22.1', constructs: '10.8.1', pg: '8.23.1' },
    devDependencies: { 'cdktf-cli': '0.21.0' },
    scripts: { deploy: 'cdktf deploy', synth: 'node tools/build/app.mjs' },
  };

  it('swaps the packages for CDK Terrain at the versions it targets and renames the CLI in scripts', () => {
    expect(callEsm(MIGRATE, 'migratePackageJson', pkg)).toEqual({
      ok: true,
      value: {
        dependencies: { '@cdktn/provider-aws': '25.7.0', cdktn: '0.24.0', constructs: '10.7.2', pg: '8.23.1' },
        devDependencies: { 'cdktn-cli': '0.24.0' },
        scripts: { deploy: 'cdktn deploy', synth: 'node tools/build/app.mjs' },
      },
    });
  });

  it('points bindings that have no CDK Terrain package at the copy the migration vendors', () => {
    const withGithub = { ...pkg, dependencies: { ...pkg.dependencies, '@cdktf/provider-github': '15.3.1' } };

    expect(callEsm(MIGRATE, 'migratePackageJson', withGithub)).toMatchObject({
      ok: true,
      value: { dependencies: { '@cdktn/provider-github': 'file:vendor/cdktn-provider-github' } },
    });
    expect(callEsm(MIGRATE, 'bindingsToVendor', withGithub)).toEqual({ ok: true, value: ['@cdktf/provider-github'] });
  });
});

describe('importedModules', () => {
  const name = '@cdktf/provider-github';

  it('lists the lib modules the sources import, once each, sorted', () => {
    const sources = [
      "import { RepositoryEnvironment } from '@cdktf/provider-github/lib/repository-environment';",
      'import { GithubProvider } from "@cdktf/provider-github/lib/provider/index.js";\nconst x = require(\'@cdktf/provider-github/lib/repository-environment\');',
      "import { App } from 'cdktf';",
    ];

    expect(callEsm(MIGRATE, 'importedModules', name, sources)).toEqual({
      ok: true,
      value: ['provider', 'repository-environment'],
    });
  });

  it('takes the whole package when a source imports its index', () => {
    const sources = ["import * as github from '@cdktf/provider-github';"];

    expect(callEsm(MIGRATE, 'importedModules', name, sources)).toEqual({ ok: true, value: null });
  });
});

describe('migrate', () => {
  it('refuses, changing nothing, to vendor bindings that are not installed, and says to run npm ci first', () => {
    const root = mkdtempSync(join(tmpdir(), 'migrate-unit-'));
    const packageText = `${JSON.stringify({ dependencies: { cdktf: '0.21.0', '@cdktf/provider-github': '15.3.1' } })}\n`;
    const source = "import { GithubProvider } from '@cdktf/provider-github/lib/provider';\n";
    writeFileSync(join(root, 'package.json'), packageText);
    writeFileSync(join(root, 'main.ts'), source);

    const result = callEsm(MIGRATE, 'migrate', root);

    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^@cdktf\/provider-github .* not installed: run `npm ci`, then this again$/),
    });
    expect(readFileSync(join(root, 'package.json'), 'utf8')).toBe(packageText);
    expect(readFileSync(join(root, 'main.ts'), 'utf8')).toBe(source);
    expect(existsSync(join(root, 'vendor'))).toBe(false);
  });

  it('copies only the imported modules of bindings without a CDK Terrain package, with cdktn in their imports', () => {
    const root = mkdtempSync(join(tmpdir(), 'migrate-unit-'));
    const bindings = join(root, 'node_modules/@cdktf/provider-github');
    const module = (name: string) => ({
      js: `"use strict";\nconst cdktf = require("cdktf");\nclass ${name} extends cdktf.TerraformResource {}\n`,
      dts: `import * as cdktf from 'cdktf';\nexport declare class ${name} extends cdktf.TerraformResource {}\n`,
    });
    for (const [dir, name] of [
      ['provider', 'GithubProvider'],
      ['repository', 'Repository'],
    ] as const) {
      mkdirSync(join(bindings, 'lib', dir), { recursive: true });
      writeFileSync(join(bindings, 'lib', dir, 'index.js'), module(name).js);
      writeFileSync(join(bindings, 'lib', dir, 'index.d.ts'), module(name).dts);
    }
    writeFileSync(join(bindings, 'package.json'), JSON.stringify({ version: '15.3.1', license: 'MPL-2.0' }));
    writeFileSync(join(bindings, 'LICENSE'), 'Mozilla Public License Version 2.0\n');
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ dependencies: { cdktf: '0.21.0', '@cdktf/provider-github': '15.3.1' } }),
    );
    writeFileSync(join(root, 'main.ts'), "import { GithubProvider } from '@cdktf/provider-github/lib/provider';\n");

    const result = callEsm<string[]>(MIGRATE, 'migrate', root);

    const vendor = join(root, 'vendor/cdktn-provider-github');
    expect(result).toEqual({ ok: true, value: expect.arrayContaining(['vendor/cdktn-provider-github/', 'main.ts']) });
    expect(readdirSync(join(vendor, 'lib'))).toEqual(['provider']);
    expect(readFileSync(join(vendor, 'lib/provider/index.js'), 'utf8')).toContain('require("cdktn")');
    expect(readFileSync(join(vendor, 'lib/provider/index.d.ts'), 'utf8')).toContain("from 'cdktn'");
    expect(readFileSync(join(vendor, 'LICENSE'), 'utf8')).toMatch(/Mozilla Public License/);
    expect(JSON.parse(readFileSync(join(vendor, 'package.json'), 'utf8'))).toMatchObject({
      name: '@cdktn/provider-github',
      version: '15.3.1',
      license: 'MPL-2.0',
    });
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies).toEqual({
      '@cdktn/provider-github': 'file:vendor/cdktn-provider-github',
      cdktn: '0.24.0',
    });
    expect(readFileSync(join(root, 'main.ts'), 'utf8')).toContain("from '@cdktn/provider-github/lib/provider'");
  });
});
