// Builds function bundles and loads them into a test the way Lambda does: index.js as
// tools/build/build-functions.mjs builds it, with the environment set before the module (and so its cold-start code) runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isRunning } from './directory-lock';
import { projectRoot, testRunDir } from './services';

/** A loaded bundle: Lambda calls `handler(event, context)`. */
export interface LambdaModule<Event = unknown, Result = unknown> {
  handler: (event: Event, context?: unknown) => Promise<Result>;
}

const bundlesDir = join(testRunDir, 'bundles');
/** The environment variable naming the jest run's bundle folder (made by the global set-up, see makeRunBundlesDir). */
export const BUNDLES_DIR_VARIABLE = 'TEST_BUNDLES_DIR';
/** This test file's builds, by function name. */
const built = new Map<string, string>();
let ownRoot: string | undefined;

/**
 * The folder the global set-up makes for the jest run's bundles, named after the jest process so sweepBundleBuilds
 * can tell when that run is gone. Its test workers inherit it through the environment.
 */
export function makeRunBundlesDir(): string {
  mkdirSync(bundlesDir, { recursive: true });
  const dir = mkdtempSync(join(bundlesDir, `${process.pid}-run-`));
  process.env[BUNDLES_DIR_VARIABLE] = dir;
  return dir;
}

/** The run's bundle folder, or one of this process's own when the file runs without the global set-up. */
function bundlesRoot(): string {
  const shared = process.env[BUNDLES_DIR_VARIABLE];
  if (shared) return shared;
  if (ownRoot === undefined) {
    mkdirSync(bundlesDir, { recursive: true });
    ownRoot = mkdtempSync(join(bundlesDir, `${process.pid}-`));
  }
  return ownRoot;
}

/**
 * Builds the named functions with tools/build/build-functions.mjs's buildFunctions (in a child: it is an ES module,
 * which jest's CommonJS loader cannot require), each once per jest run: the run's test files share a function's
 * build, as they share its source. A build goes into a staging folder of this process and is renamed into the run's
 * folder whole, so no file ever loads a half-written bundle; when two files build the same function at once, the
 * first rename stands and the other build is dropped. Never into dist/functions: `npm run synth` (which the config
 * tests run) and `npm run build:functions` delete and rebuild each dist/functions/<name>/ whenever they run, and a
 * test that read from there could find it half written. Under .test-run, the bundles still resolve the external
 * @aws-sdk/* packages from the project's node_modules, as the Lambda runtime provides them.
 */
export function buildBundles(names: readonly string[]): void {
  const root = bundlesRoot();
  const missing = names.filter((name) => !existsSync(join(root, name)));
  if (missing.length > 0) {
    const staging = mkdtempSync(join(root, `.staging-${process.pid}-`));
    const script = `import { buildFunctions } from ${JSON.stringify(join(projectRoot, 'tools/build/build-functions.mjs'))};
await buildFunctions(${JSON.stringify(missing)}, ${JSON.stringify(staging)});`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    try {
      if (result.status !== 0) {
        throw new Error(`building ${missing.join(', ')} failed:\n${result.stderr || result.stdout}`);
      }
      for (const name of missing) {
        try {
          renameSync(join(staging, name), join(root, name));
        } catch (error) {
          // Another test file built it meanwhile: its build stands.
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
        }
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  for (const name of names) built.set(name, join(root, name));
}

/**
 * Loads the build of the bundle `name` (see buildBundles) as a fresh module of this test file, a cold start, with
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

/** Removes the bundle builds of test processes and runs that have ended (called by the global set-up and teardown). */
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
