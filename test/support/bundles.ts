// Builds function bundles and loads them into a test the way Lambda does: index.js as
// tools/build/build-functions.mjs builds it, with the environment set before the module (and so its cold-start code) runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isRunning } from './directory-lock';
import { projectRoot, testRunDir } from './services';

/** A loaded bundle: Lambda calls `handler(event, context)`. */
export interface LambdaModule<Event = unknown, Result = unknown> {
  handler: (event: Event, context?: unknown) => Promise<Result>;
}

const bundlesDir = join(testRunDir, 'bundles');
/** This test file's builds, by function name: folders that nothing else writes. */
const built = new Map<string, string>();
let outRoot: string | undefined;

/**
 * Builds the named functions with tools/build/build-functions.mjs's buildFunctions (in a child: it is an ES module,
 * which jest's CommonJS loader cannot require) into a folder of this test file under .test-run/bundles, from
 * which loadBundle loads them. Never into dist/functions: `npm run synth` (which the config tests run) and
 * `npm run build:functions` delete and rebuild each dist/functions/<name>/ whenever they run, and a test that read
 * from there could find it half written. Under .test-run, the bundles still resolve the external @aws-sdk/*
 * packages from the project's node_modules, as the Lambda runtime provides them.
 */
export function buildBundles(names: readonly string[]): void {
  if (outRoot === undefined) {
    mkdirSync(bundlesDir, { recursive: true });
    // Named after this process, so sweepBundleBuilds can tell when it is gone.
    outRoot = mkdtempSync(join(bundlesDir, `${process.pid}-`));
  }
  const script = `import { buildFunctions } from ${JSON.stringify(join(projectRoot, 'tools/build/build-functions.mjs'))};
await buildFunctions(${JSON.stringify(names)}, ${JSON.stringify(outRoot)});`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`building ${names.join(', ')} failed:\n${result.stderr || result.stdout}`);
  for (const name of names) built.set(name, join(outRoot, name));
}

/**
 * Loads this test file's build of the bundle `name` (see buildBundles) as a fresh module, a cold start, with
 * `env` added to process.env (jest gives each test file its own process.env).
 */
export function loadBundle<M = LambdaModule>(name: string, env: Record<string, string>): M {
  const dir = built.get(name);
  if (dir === undefined) throw new Error(`${name}: call buildBundles(['${name}']) first (e.g. in beforeAll)`);
  Object.assign(process.env, env);
  let loaded: M | undefined;
  jest.isolateModules(() => {
    loaded = require(join(dir, 'index.js')) as M;
  });
  if (!loaded) throw new Error(`${name}: the bundle exported nothing`);
  return loaded;
}

/** Removes the bundle builds of test processes that have ended (called by the global set-up and teardown). */
export function sweepBundleBuilds(): void {
  let entries: string[];
  try {
    entries = readdirSync(bundlesDir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(entry.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid))
      rmSync(join(bundlesDir, entry), { recursive: true, force: true });
  }
}
