// Builds function bundles and loads them into a test the way Lambda does: the built dist/functions/<name>/
// index.js, with the environment set before the module (and so its cold-start code) runs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, testRunDir } from './services';

/** A loaded bundle: Lambda calls `handler(event, context)`. */
export interface LambdaModule<Event = unknown, Result = unknown> {
  handler: (event: Event, context?: unknown) => Promise<Result>;
}

/**
 * Runs `npm run build:functions -- <names>` (as a script: build-functions.mjs is an ES module, which jest's
 * CommonJS loader cannot require).
 */
export function buildBundles(names: readonly string[]): void {
  const result = withBuildLock(() =>
    spawnSync(process.execPath, [join(projectRoot, 'scripts/build-functions.mjs'), ...names], { encoding: 'utf8' }),
  );
  if (result.status !== 0) throw new Error(`building ${names.join(', ')} failed:\n${result.stderr || result.stdout}`);
}

/**
 * Test files run in parallel workers and may build the same function: the build deletes and rewrites
 * dist/functions/<name>/, so building and copying a bundle take turns (a directory made with mkdir is the lock;
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

let copies = 0;

/**
 * Loads dist/functions/<name>/index.js as a fresh module with `env` added to process.env (jest gives each
 * test file its own process.env). The bundle is first copied to a private folder under .test-run, so a
 * rebuild by another test file or jest run cannot swap the file while it loads; it still resolves the
 * external @aws-sdk/* packages from the project's node_modules, as the Lambda runtime provides them. The copy
 * is deleted once loaded.
 */
export function loadBundle<M = LambdaModule>(name: string, env: Record<string, string>): M {
  const built = join(projectRoot, 'dist/functions', name);
  copies += 1;
  const copy = join(testRunDir, 'bundles', `${name}-${process.pid}-${copies}`);
  withBuildLock(() => {
    if (!existsSync(join(built, 'index.js'))) throw new Error(`${built}/index.js is missing: call buildBundles first`);
    mkdirSync(copy, { recursive: true });
    copyFileSync(join(built, 'index.js'), join(copy, 'index.js'));
    if (existsSync(join(built, 'index.js.map'))) copyFileSync(join(built, 'index.js.map'), join(copy, 'index.js.map'));
  });
  Object.assign(process.env, env);
  let loaded: M | undefined;
  try {
    jest.isolateModules(() => {
      loaded = require(join(copy, 'index.js')) as M;
    });
  } finally {
    // A bundle is one file, read once by require.
    rmSync(copy, { recursive: true, force: true });
  }
  if (!loaded) throw new Error(`${name}: the bundle exported nothing`);
  return loaded;
}
