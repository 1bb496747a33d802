#!/usr/bin/env node
// migrate-cdktn: skip (this file names the old packages on purpose)
//
// Rewrites a checkout of this template from CDK for Terraform (cdktf, archived) to CDK Terrain (cdktn), in place:
//   - package.json: cdktf -> cdktn, cdktf-cli -> cdktn-cli, @cdktf/provider-aws -> @cdktn/provider-aws, constructs
//     to the range CDK Terrain accepts, `cdktf <command>` in scripts -> `cdktn <command>`;
//   - every .ts/.js/.mjs/.cjs file: module specifiers (imports, require, esbuild `external` lists), the CLI's path
//     (node_modules/.bin/cdktf, npx cdktf), and `x.addOverride('invoked_via_function_url', true)` on a
//     `const x = new LambdaPermission(...)` becomes the native `invokedViaFunctionUrl: true` argument;
//   - cdktf.json (CDK Terrain reads the same file): `targetVersions`, which CDK Terrain checks features against;
//   - then `npm install` and tools/npm/add-platform-optionals.mjs regenerate the lock (skip with --no-install).
// Files whose first lines contain "migrate-cdktn: skip" are left alone. The synthesized Terraform stays the same except
// the provider's `source` ("aws" becomes "hashicorp/aws") and cdktn's version in the stacks' metadata:
// test/config/migrate-cdktn.test.ts shows it on a copy. Usage: npm run migrate:cdktn [-- --no-install] [-- <dir>]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CDK Terrain releases this migration targets (cdktn and its AWS bindings declare constructs >=10.6.0 <10.8.0). */
export const CDKTN_VERSIONS = {
  cdktn: '0.24.0',
  'cdktn-cli': '0.24.0',
  '@cdktn/provider-aws': '25.7.0',
  constructs: '10.7.2',
};
/** Old package -> new package. */
export const RENAMED_PACKAGES = {
  cdktf: 'cdktn',
  'cdktf-cli': 'cdktn-cli',
  '@cdktf/provider-aws': '@cdktn/provider-aws',
};
/** Terraform 1.10 or newer: S3 native state locking (`use_lockfile`), which the backends use. */
export const TARGET_VERSIONS = { terraform: '>=1.10.0' };
/** The oldest Node.js CDK Terrain's CLI runs on (its library also runs on older ones). */
export const CDKTN_CLI_MIN_NODE = [22, 19];

const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'cdktf.out',
  '.gen',
  '.tools',
  '.venv',
  '.test-run',
  'coverage',
  'outputs',
  '.work',
]);
const SKIP_MARKER = 'migrate-cdktn: skip';
const CLI_COMMANDS = 'synth|diff|deploy|destroy|get|output|list|provider|watch|convert|init|plan';

/** Package.json with the CDK Terrain packages; throws, naming them, for cdktf provider bindings it cannot replace. */
export function migratePackageJson(pkg) {
  const sections = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
  const unknownBindings = sections
    .flatMap((section) => Object.keys(pkg[section] ?? {}))
    .filter((name) => name.startsWith('@cdktf/provider-') && !(name in RENAMED_PACKAGES));
  if (unknownBindings.length > 0) {
    throw new Error(
      `${unknownBindings.join(', ')}: no prebuilt CDK Terrain bindings are known for ${unknownBindings.length > 1 ? 'these' : 'this'} ` +
        '(they depend on cdktf itself and cannot share an app with cdktn). Generate local bindings with ' +
        '`npx cdktn provider add <provider>` after migrating (Node.js 22.19+, Terraform registry access), or use a ' +
        '@cdktn/provider-* package once one is published, then remove the @cdktf one and run this again.',
    );
  }
  const next = structuredClone(pkg);
  for (const section of sections) {
    const deps = next[section];
    if (!deps) continue;
    const renamed = {};
    for (const [name, version] of Object.entries(deps)) {
      const target = RENAMED_PACKAGES[name] ?? name;
      renamed[target] = CDKTN_VERSIONS[target] ?? version;
    }
    next[section] = Object.fromEntries(Object.entries(renamed).sort(([a], [b]) => a.localeCompare(b)));
  }
  for (const [name, script] of Object.entries(next.scripts ?? {})) {
    next.scripts[name] = migrateCliName(script).replace(new RegExp(`\\bcdktf (${CLI_COMMANDS})\\b`, 'g'), 'cdktn $1');
  }
  return next;
}

function migrateCliName(text) {
  return text
    .replace(/node_modules\/\.bin\/cdktf\b/g, 'node_modules/.bin/cdktn')
    .replace(/\bnpx cdktf\b/g, 'npx cdktn');
}

/** Module specifiers: `from 'x'`, `import 'x'`, `import('x')`, `require('x')`, `jest.mock('x')`. */
function migrateSpecifiers(text) {
  return text.replace(
    /(\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|\bjest\.mock\s*\(\s*)(['"])(cdktf|@cdktf\/provider-aws)((?:\/[^'"]*)?)\2/g,
    (_match, before, quote, name, subpath) => `${before}${quote}${RENAMED_PACKAGES[name]}${subpath}${quote}`,
  );
}

/** esbuild's `external: [...]` lists name packages as plain strings. */
function migrateExternals(text) {
  return text.replace(/\bexternal\s*:\s*\[[^\]]*\]/g, (list) =>
    list.replace(
      /(['"])(cdktf|@cdktf\/provider-aws)((?:\/[^'"]*)?)\1/g,
      (_m, q, name, sub) => `${q}${RENAMED_PACKAGES[name]}${sub}${q}`,
    ),
  );
}

/**
 * `x.addOverride('invoked_via_function_url', true);` after `const x = new LambdaPermission(scope, 'id', {` becomes
 * `invokedViaFunctionUrl: true,` in that object (the comment lines just above the override, which explain it, go with it).
 */
function migrateInvokedViaFunctionUrl(text, file) {
  const override =
    /^([ \t]*\/\/[^\n]*\n)*[ \t]*(\w+)\.addOverride\(\s*(['"])invoked_via_function_url\3\s*,\s*true\s*\);?[ \t]*\n/m;
  let result = text;
  for (let match = override.exec(result); match; match = override.exec(result)) {
    const variable = match[2];
    const declaration = new RegExp(
      `\\b(?:const|let)\\s+${variable}\\s*=\\s*new\\s+LambdaPermission\\s*\\([^{]*\\{[ \\t]*\\n([ \\t]*)`,
    );
    const found = declaration.exec(result);
    if (!found || found.index > match.index) {
      throw new Error(
        `${file}: ${variable}.addOverride('invoked_via_function_url', true) is not on a \`const ${variable} = new LambdaPermission(..., {\` ` +
          'declared above it; move the argument by hand: `invokedViaFunctionUrl: true` in its config',
      );
    }
    const insertAt = found.index + found[0].length;
    const indent = found[1];
    const withoutOverride = result.slice(0, match.index) + result.slice(match.index + match[0].length);
    result = `${withoutOverride.slice(0, insertAt)}invokedViaFunctionUrl: true,\n${indent}${withoutOverride.slice(insertAt)}`;
  }
  return result;
}

/** One source file's text after the migration. */
export function migrateSource(text, file = '<source>') {
  return migrateInvokedViaFunctionUrl(migrateCliName(migrateExternals(migrateSpecifiers(text))), file);
}

/** cdktf.json with `targetVersions` (CDK Terrain validates version-gated features against it). */
export function migrateCdktfJson(config) {
  return { ...config, targetVersions: { ...TARGET_VERSIONS, ...(config.targetVersions ?? {}) } };
}

function sourceFiles(root, dir = root) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(root, path);
    return entry.isFile() && SOURCE_EXTENSIONS.test(entry.name) ? [path] : [];
  });
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** Migrates the checkout at `root`; returns the files it changed, relative to `root`. */
export function migrate(root) {
  const changed = [];
  const write = (path, before, after) => {
    if (before === after) return;
    writeFileSync(path, after);
    changed.push(relative(root, path));
  };
  const packagePath = join(root, 'package.json');
  const packageText = readFileSync(packagePath, 'utf8');
  // Validate everything before writing anything, so a refusal leaves the checkout as it was.
  const nextPackage = json(migratePackageJson(JSON.parse(packageText)));
  const sources = sourceFiles(root)
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
    .filter(({ text }) => !text.split('\n', 5).some((line) => line.includes(SKIP_MARKER)))
    .map(({ path, text }) => ({ path, text, next: migrateSource(text, relative(root, path)) }));

  write(packagePath, packageText, nextPackage);
  for (const { path, text, next } of sources) write(path, text, next);
  const cdktfJsonPath = join(root, 'cdktf.json');
  if (existsSync(cdktfJsonPath)) {
    const text = readFileSync(cdktfJsonPath, 'utf8');
    write(cdktfJsonPath, text, json(migrateCdktfJson(JSON.parse(text))));
  }
  return changed;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.error?.message})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const install = !args.includes('--no-install');
  const root = resolve(args.find((a) => !a.startsWith('--')) ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  try {
    const changed = migrate(root);
    process.stdout.write(
      `migrate:cdktn: ${changed.length} file(s) changed\n${changed.map((f) => `  ${f}\n`).join('')}`,
    );
    if (install) {
      run('npm', ['install', '--no-audit', '--no-fund'], root);
      if (existsSync(join(root, 'tools/npm/add-platform-optionals.mjs'))) {
        run(process.execPath, ['tools/npm/add-platform-optionals.mjs'], root);
      }
    }
    const [major, minor] = process.versions.node.split('.').map(Number);
    const [needMajor, needMinor] = CDKTN_CLI_MIN_NODE;
    if (major < needMajor || (major === needMajor && minor < needMinor)) {
      process.stdout.write(
        `note: the cdktn CLI (npm run plan/deploy) needs Node.js ${needMajor}.${needMinor} or newer; this is ${process.version} ` +
          '(see the README, "Runtime": tools/node/ensure-node.sh)\n',
      );
    }
  } catch (error) {
    process.stderr.write(`migrate:cdktn: ${error.message}\n`);
    process.exit(1);
  }
}
