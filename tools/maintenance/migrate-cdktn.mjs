#!/usr/bin/env node
// migrate-cdktn: skip (this file names the old packages on purpose)
//
// Rewrites a checkout of this template from CDK for Terraform (cdktf, archived) to CDK Terrain (cdktn), in place:
//   - package.json: cdktf -> cdktn, cdktf-cli -> cdktn-cli, @cdktf/provider-aws -> @cdktn/provider-aws, constructs
//     to the range CDK Terrain accepts, `cdktf <command>` in scripts -> `cdktn <command>`;
//   - other prebuilt bindings (@cdktf/provider-github), which have no CDK Terrain package on npm: the modules the
//     sources import are copied from node_modules into vendor/cdktn-provider-<name>/ with `cdktf` replaced by `cdktn`
//     in their imports (the same generated code otherwise), and package.json takes that folder as
//     @cdktn/provider-<name> (`file:`), so swapping in a published package later changes one line;
//   - every .ts/.js/.mjs/.cjs file: module specifiers (imports, require, esbuild `external` lists), the CLI's path
//     (node_modules/.bin/cdktf, npx cdktf), and `x.addOverride('invoked_via_function_url', true)` on a
//     `const x = new LambdaPermission(...)` becomes the native `invokedViaFunctionUrl: true` argument;
//   - cdktf.json (CDK Terrain reads the same file): `targetVersions`, which CDK Terrain checks features against;
//   - then `npm install` and tools/npm/add-platform-optionals.mjs regenerate the lock (skip with --no-install).
// Files whose first lines contain "migrate-cdktn: skip" are left alone. The synthesized Terraform stays the same except
// the AWS provider's `source` ("aws" becomes "hashicorp/aws") and cdktn's version in the stacks' metadata:
// test/migrate/migrate-cdktn.test.ts shows it on a copy. Usage: npm run migrate:cdktn [-- --no-install] [-- <dir>]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Where the migration puts the CDK Terrain copy of prebuilt bindings that have no package on npm. */
const VENDOR_DIR = 'vendor';
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
  VENDOR_DIR,
]);
const SKIP_MARKER = 'migrate-cdktn: skip';
/** The package.json sections that name dependencies. */
const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const CLI_COMMANDS = 'synth|diff|deploy|destroy|get|output|list|provider|watch|convert|init|plan';

/** Prebuilt cdktf bindings (`@cdktf/provider-<name>`) with no published CDK Terrain build: vendored by the migration. */
const BINDINGS = /^@cdktf\/provider-([a-z0-9-]+)$/;
const vendoredPackage = (name) => `${VENDOR_DIR}/cdktn-provider-${BINDINGS.exec(name)?.[1]}`;

/** The CDK Terrain name of a cdktf package (`@cdktf/provider-x` becomes `@cdktn/provider-x`), or undefined. */
function renamed(name) {
  if (name in RENAMED_PACKAGES) return RENAMED_PACKAGES[name];
  return BINDINGS.test(name) ? name.replace('@cdktf/', '@cdktn/') : undefined;
}

/** The `@cdktf/provider-*` packages `pkg` depends on that the migration vendors (no CDK Terrain build on npm). */
export function bindingsToVendor(pkg) {
  return DEPENDENCY_SECTIONS.flatMap((section) => Object.keys(pkg[section] ?? {})).filter(
    (name) => BINDINGS.test(name) && !(name in RENAMED_PACKAGES),
  );
}

/** Package.json with the CDK Terrain packages; bindings without a CDK Terrain build point at their vendored copy. */
export function migratePackageJson(pkg) {
  const vendored = new Set(bindingsToVendor(pkg));
  const next = structuredClone(pkg);
  for (const section of DEPENDENCY_SECTIONS) {
    const deps = next[section];
    if (!deps) continue;
    const entries = Object.entries(deps).map(([name, version]) => {
      const target = renamed(name) ?? name;
      if (vendored.has(name)) return [target, `file:${vendoredPackage(name)}`];
      return [target, CDKTN_VERSIONS[target] ?? version];
    });
    next[section] = Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
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
    /(\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|\bjest\.mock\s*\(\s*)(['"])(cdktf|@cdktf\/provider-[a-z0-9-]+)((?:\/[^'"]*)?)\2/g,
    (_match, before, quote, name, subpath) => `${before}${quote}${renamed(name)}${subpath}${quote}`,
  );
}

/** esbuild's `external: [...]` lists name packages as plain strings. */
function migrateExternals(text) {
  return text.replace(/\bexternal\s*:\s*\[[^\]]*\]/g, (list) =>
    list.replace(
      /(['"])(cdktf|@cdktf\/provider-[a-z0-9-]+)((?:\/[^'"]*)?)\1/g,
      (_m, q, name, sub) => `${q}${renamed(name)}${sub}${q}`,
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

/** The `lib/<module>` folders of `name` that `texts` import; null when one imports the package's index (all of it). */
export function importedModules(name, texts) {
  const escaped = name.replace(/[/]/g, '\\/');
  const specifier = new RegExp(`(['"])${escaped}((?:\\/[^'"]*)?)\\1`, 'g');
  const modules = new Set();
  for (const text of texts) {
    for (const [, , subpath] of text.matchAll(specifier)) {
      const module = /^\/lib\/([a-z0-9-]+)(?:\/index(?:\.js)?)?$/.exec(subpath)?.[1];
      if (!module) return null;
      modules.add(module);
    }
  }
  return [...modules].sort();
}

/**
 * The CDK Terrain copy of the prebuilt bindings `name` (from the checkout's node_modules): the `lib/` modules the
 * project imports (all of them when `modules` is null) with `cdktf` replaced by `cdktn`, the package's licence, and a
 * package.json naming it @cdktn/provider-<x>. No dependencies: it resolves cdktn and constructs from the project, so
 * there is one copy of each (the construct tree relies on that).
 */
function vendorBindings(root, name, modules) {
  const source = join(root, 'node_modules', name);
  const original = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const target = join(root, vendoredPackage(name));
  const folders = modules === null ? ['lib'] : modules.map((module) => join('lib', module));
  for (const folder of folders) {
    cpSync(join(source, folder), join(target, folder), { recursive: true });
  }
  const rewrite = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) rewrite(path);
      else if (/\.(?:js|d\.ts)$/.test(entry.name)) writeFileSync(path, migrateSpecifiers(readFileSync(path, 'utf8')));
    }
  };
  rewrite(join(target, 'lib'));
  for (const file of ['LICENSE', 'NOTICE']) {
    if (existsSync(join(source, file))) cpSync(join(source, file), join(target, file));
  }
  const vendored = {
    name: renamed(name),
    version: original.version,
    description:
      `CDK Terrain copy of ${name} ${original.version} (${modules === null ? 'every module' : modules.join(', ')}), made ` +
      'by npm run migrate:cdktn: the same code with cdktf replaced by cdktn. Replace it with a published ' +
      `${renamed(name)} (or \`cdktn get\` output) when there is one.`,
    license: original.license,
    ...(modules === null ? { main: original.main, types: original.types } : {}),
  };
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'package.json'), json(vendored));
  return relative(root, target);
}

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
  const pkg = JSON.parse(packageText);
  // Validate everything before writing anything, so a refusal leaves the checkout as it was.
  const nextPackage = json(migratePackageJson(pkg));
  const sources = sourceFiles(root)
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
    .filter(({ text }) => !text.split('\n', 5).some((line) => line.includes(SKIP_MARKER)))
    .map(({ path, text }) => ({ path, text, next: migrateSource(text, relative(root, path)) }));
  const vendored = bindingsToVendor(pkg).map((name) => {
    if (!existsSync(join(root, 'node_modules', name, 'package.json'))) {
      throw new Error(
        `${name} has no CDK Terrain package on npm, so the migration copies its modules from node_modules, where it ` +
          'is not installed: run `npm ci`, then this again',
      );
    }
    return {
      name,
      modules: importedModules(
        name,
        sources.map(({ text }) => text),
      ),
    };
  });

  for (const { name, modules } of vendored) changed.push(`${vendorBindings(root, name, modules)}/`);
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
  const root = resolve(args.find((a) => !a.startsWith('--')) ?? join(dirname(fileURLToPath(import.meta.url)), '../..'));
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
          '(see docs/runtime.md: tools/node/ensure-node.sh)\n',
      );
    }
  } catch (error) {
    process.stderr.write(`migrate:cdktn: ${error.message}\n`);
    process.exit(1);
  }
}
