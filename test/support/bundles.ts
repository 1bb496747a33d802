// Builds function bundles and loads them into a test the way Lambda does: the built dist/functions/<name>/
// index.js, with the environment set before the module (and so its cold-start code) runs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, testRunDir } from './services';

/** A loaded bundle: Lambda calls `handler(event, context)`. */
export interface LambdaModule<Event = unknown, Result = unknown> {
  handler: (event: Event, context?: unknown) => Promise<Result>;
}

const snapshotsDir = join(testRunDir, 'bundles');
/** This test process's private copies of the bundles it built, by function name. */
const snapshots = new Map<string, string>();
let snapshotRoot: string | undefined;

/**
 * Runs `npm run build:functions -- <names>` (as a script: build-functions.mjs is an ES module, which jest's
 * CommonJS loader cannot require) and copies each bundle to a folder private to this test process under
 * .test-run/bundles, from which loadBundle loads it. Other test files, `npm test` runs or `npm run
 * build:functions` in the same tree rebuild dist/functions/<name>/ (deleting it first) whenever they like;
 * the copy is immune to that, and still resolves the external @aws-sdk/* packages from the project's
 * node_modules, as the Lambda runtime provides them.
 */
export function buildBundles(names: readonly string[]): void {
  withBuildLock(() => {
    const result = spawnSync(process.execPath, [join(projectRoot, 'scripts/build-functions.mjs'), ...names], {
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`building ${names.join(', ')} failed:\n${result.stderr || result.stdout}`);
    for (const name of names) snapshots.set(name, snapshot(name));
  });
}

function snapshot(name: string): string {
  if (snapshotRoot === undefined) {
    mkdirSync(snapshotsDir, { recursive: true });
    // Named after this process, so sweepBundleSnapshots can tell when it is gone.
    snapshotRoot = mkdtempSync(join(snapshotsDir, `${process.pid}-`));
  }
  const built = join(projectRoot, 'dist/functions', name);
  const copy = join(snapshotRoot, name);
  mkdirSync(copy, { recursive: true });
  // index.js, its source map and the chunks it loads later (the tracer: LAZY_CHUNKS in build-functions.mjs).
  for (const file of readdirSync(built)) {
    if (file.endsWith('.js') || file.endsWith('.js.map')) copyFileSync(join(built, file), join(copy, file));
  }
  return copy;
}

/**
 * Builds of the same function by parallel test files take turns (a directory made with mkdir is the lock;
 * one left by a killed run is taken over after a minute).
 */
function withBuildLock<T>(work: () => T): T {
  const lock = join(testRunDir, 'build.lock');
  mkdirSync(testRunDir, { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) throw new Error(`${lock} is held for too long; remove it if no test is running`);
      try {
        if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Loads this process's copy of the bundle `name` (see buildBundles) as a fresh module, a cold start, with
 * `env` added to process.env (jest gives each test file its own process.env).
 */
export function loadBundle<M = LambdaModule>(name: string, env: Record<string, string>): M {
  const copy = snapshots.get(name);
  if (copy === undefined) throw new Error(`${name}: call buildBundles(['${name}']) first (e.g. in beforeAll)`);
  Object.assign(process.env, env);
  let loaded: M | undefined;
  jest.isolateModules(() => {
    loaded = require(join(copy, 'index.js')) as M;
  });
  if (!loaded) throw new Error(`${name}: the bundle exported nothing`);
  return loaded;
}

/** Removes the bundle copies of test processes that have ended (called by the global set-up and teardown). */
export function sweepBundleSnapshots(): void {
  let entries: string[];
  try {
    entries = readdirSync(snapshotsDir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(entry.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid))
      rmSync(join(snapshotsDir, entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
