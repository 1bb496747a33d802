// migrate-cdktn: skip (names the old packages on purpose)
//
// What test/migrate/migrate-cdktn.test.ts needs to run `npm run migrate:cdktn` on a copy of this checkout and compare
// the Terraform both copies synthesize:
//   - copyCheckout: the project's files without node_modules and build output, into a temp folder;
//   - linkModules: the copy's node_modules, made of links to this checkout's packages, with cdktf, its provider
//     bindings, constructs and the CLIs swapped for the CDK Terrain packages the migrated package.json names, installed
//     once from the npm registry into .tools/cdktn/<versions>/, and links to the bindings the migration vendored (the
//     CDK Terrain CLI needs Node.js 22.19 and is not needed: the copy synthesizes by running its app with node, as
//     cdktf.json's `app` does);
//   - synthCopy: `node tools/build/app.mjs` in the copy, returning every stack's cdk.tf.json;
//   - normalise: the differences the migration is expected to make, undone (see docs/cdktf-sunset.md).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');
type Json = Record<string, unknown>;

const NOT_COPIED = new Set([
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
]);

/** This checkout's sources (no node_modules, build output or caches) in a new temp folder. */
export function copyCheckout(label: string): string {
  const copy = mkdtempSync(join(tmpdir(), `cdktn-${label}-`));
  for (const entry of readdirSync(ROOT)) {
    if (NOT_COPIED.has(entry)) continue;
    cpSync(join(ROOT, entry), join(copy, entry), {
      recursive: true,
      filter: (source) => !source.split('/').includes('.work'),
    });
  }
  return copy;
}

/** The packages the migration replaces (every `@cdktf/*` one too): they must not be visible to the migrated copy. */
const REPLACED = new Set(['cdktf', 'cdktf-cli', 'constructs', '.bin']);
const replaced = (name: string) => REPLACED.has(name) || name.startsWith('@cdktf/');
/** The CDK Terrain packages the copy's app loads; the CLI (cdktn-cli) is not needed to synthesize. */
const CDKTN_RUNTIME = ['cdktn', '@cdktn/provider-aws', 'constructs'];

/** Installs (once per set of versions) the CDK Terrain packages `packageJson` names; returns their node_modules. */
function cdktnModules(packageJson: Json): string {
  const dependencies = { ...(packageJson.devDependencies as Json), ...(packageJson.dependencies as Json) };
  const specs = CDKTN_RUNTIME.map((name) => {
    const version = dependencies[name];
    if (typeof version !== 'string') throw new Error(`the migrated package.json does not name ${name}`);
    return `${name}@${version}`;
  });
  const cache = join(ROOT, '.tools/cdktn', specs.join('+').replaceAll('/', '_'));
  const modules = join(cache, 'node_modules');
  if (!CDKTN_RUNTIME.every((name) => existsSync(join(modules, name, 'package.json')))) {
    mkdirSync(cache, { recursive: true });
    const installed = spawnSync(
      'npm',
      ['install', '--prefix', cache, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', ...specs],
      { encoding: 'utf8' },
    );
    if (installed.status !== 0) {
      throw new Error(`npm install ${specs.join(' ')} failed (needs the npm registry):\n${installed.stderr}`);
    }
  }
  return modules;
}

/** Gives `copy` a node_modules: the original's node_modules as is, or (migrated) with the CDK Terrain swap. */
export function linkModules(copy: string, migrated: boolean): void {
  const source = join(ROOT, 'node_modules');
  if (!migrated) {
    symlinkSync(source, join(copy, 'node_modules'), 'dir');
    return;
  }
  const target = join(copy, 'node_modules');
  mkdirSync(target);
  /** node_modules/<name> of the copy, pointing at `path`. */
  const link = (name: string, path: string) => {
    mkdirSync(join(target, name, '..'), { recursive: true });
    symlinkSync(path, join(target, name), 'dir');
  };
  for (const entry of readdirSync(source)) {
    if (entry.startsWith('@')) {
      for (const scoped of readdirSync(join(source, entry))) {
        const name = `${entry}/${scoped}`;
        if (!replaced(name)) link(name, join(source, name));
      }
    } else if (!replaced(entry)) {
      link(entry, join(source, entry));
    }
  }
  const packageJson = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as Json;
  const cdktn = cdktnModules(packageJson);
  for (const name of CDKTN_RUNTIME) link(name, join(cdktn, name));
  // Bindings the migration vendored (`file:vendor/...`), as `npm install` links them.
  const dependencies = { ...(packageJson.devDependencies as Json), ...(packageJson.dependencies as Json) };
  for (const [name, spec] of Object.entries(dependencies)) {
    if (typeof spec === 'string' && spec.startsWith('file:')) link(name, join(copy, spec.slice('file:'.length)));
  }
}

/** Runs a script of the copy with node; throws with its output when it fails. */
export function runInCopy(copy: string, args: readonly string[]): string {
  const result = spawnSync(process.execPath, args, {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: join(copy, 'cdktf.out') },
  });
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} in ${copy} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Synthesizes the copy's app (cdktf.json's `app`) and returns each stack's Terraform JSON by stack name. */
export function synthCopy(copy: string): Record<string, Json> {
  runInCopy(copy, ['tools/build/app.mjs']);
  const manifest = JSON.parse(readFileSync(join(copy, 'cdktf.out/manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.fromEntries(
    Object.entries(manifest.stacks).map(([name, stack]) => [
      name,
      JSON.parse(readFileSync(join(copy, 'cdktf.out', stack.synthesizedStackPath), 'utf8')) as Json,
    ]),
  );
}

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A stack's JSON with the differences the migration is expected to make undone, so what is left must be equal:
 *   - the copy's own folder in absolute paths (local backends, remote state) becomes `<checkout>`;
 *   - the framework's version in `//.metadata.version` becomes `<version>`;
 *   - a provider `source` without a namespace ("aws", as cdktf writes it) becomes "hashicorp/aws", as cdktn writes it;
 *   - `invoked_via_function_url` leaves the list of overridden attributes (`//.metadata.overrides`): it is a native
 *     argument after the migration, with the same value in the resource.
 */
export function normalise(stack: Json, copy: string): Json {
  const json = JSON.parse(JSON.stringify(stack).replaceAll(copy, '<checkout>')) as Json;
  const metadata = (json['//'] as Json | undefined)?.metadata;
  if (isRecord(metadata)) {
    if ('version' in metadata) metadata.version = '<version>';
    const overrides = metadata.overrides;
    if (isRecord(overrides)) {
      for (const [type, attributes] of Object.entries(overrides)) {
        if (!Array.isArray(attributes)) continue;
        const rest = attributes.filter((a) => a !== 'invoked_via_function_url');
        if (rest.length > 0) overrides[type] = rest;
        else delete overrides[type];
      }
      if (Object.keys(overrides).length === 0) delete metadata.overrides;
    }
  }
  const providers = (json.terraform as Json | undefined)?.required_providers;
  if (isRecord(providers)) {
    for (const provider of Object.values(providers)) {
      if (isRecord(provider) && typeof provider.source === 'string' && !provider.source.includes('/')) {
        provider.source = `hashicorp/${provider.source}`;
      }
    }
  }
  return json;
}
