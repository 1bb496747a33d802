// Global set-up of the integration tests: a real PostgreSQL server (TLS, hostssl-only) and the moto AWS
// emulator, both on free loopback ports, started in parallel. Their coordinates go to .test-run/services.json
// (see services.ts); global-teardown.ts stops them. If anything fails halfway, what did start is stopped. It also
// makes the run's folder of function bundles, which the test files share (bundles.ts, buildBundles).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeRunBundlesDir, sweepBundleBuilds } from './bundles';
import { startMoto } from './moto-server';
import { startPostgres } from './postgres-server';
import { type ServerProcess, startReaper, stopServer } from './processes';
import { projectRoot, type Services, servicesFile, testRunDir } from './services';

/** What the teardown needs; kept on globalThis because jest runs set-up and teardown in one process. */
export interface HarnessState {
  readonly tempDir: string;
  readonly servers: readonly ServerProcess[];
  readonly reaperPid: number;
  readonly runFile: string;
}

const STATE_KEY = '__secureServerlessTestServices__';
export const harnessState = (): HarnessState | undefined => (globalThis as Record<string, unknown>)[STATE_KEY] as never;

/**
 * tools/python/ensure-venv.mjs is an ES module, which jest's CommonJS loading cannot require, so run it as
 * a script; it exits non-zero with a message naming what is missing (e.g. Python 3).
 */
function ensureVenv(): void {
  const result = spawnSync(process.execPath, [join(projectRoot, 'tools/python/ensure-venv.mjs'), 'tests'], {
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(`Cannot start the AWS emulator: ${(result.stderr || String(result.error)).trim()}`);
  }
}

async function timed<T>(what: Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await what;
  return { value, seconds: (performance.now() - start) / 1000 };
}

export default async function globalSetup(): Promise<void> {
  const start = performance.now();
  sweepBundleBuilds();
  makeRunBundlesDir();
  ensureVenv();
  const venvSeconds = (performance.now() - start) / 1000;

  const tempDir = mkdtempSync(join(tmpdir(), 'secure-serverless-test-'));
  // As root, PostgreSQL runs as an unprivileged user, which must be able to create its data directory here.
  chmodSync(tempDir, 0o777);
  const servers: ServerProcess[] = [];
  const started = (server: ServerProcess) => servers.push(server);
  const results = await Promise.allSettled([
    timed(startPostgres(tempDir, started)),
    timed(startMoto(join(projectRoot, '.venv/bin/moto_server'), tempDir, started)),
  ]);
  const [postgres, moto] = results;
  if (postgres.status === 'rejected' || moto.status === 'rejected') {
    await Promise.all(servers.map((s) => stopServer(s)));
    rmSync(tempDir, { recursive: true, force: true });
    const reasons = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason?.message ?? r.reason));
    throw new Error(`The integration test services did not start:\n${reasons.join('\n')}`);
  }

  const services: Services = {
    postgres: postgres.value.value,
    aws: {
      endpoint: moto.value.value.endpoint,
      region: 'us-east-1',
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
    },
  };
  mkdirSync(testRunDir, { recursive: true });
  const runFile = join(testRunDir, `services-${process.pid}.json`);
  const text = `${JSON.stringify({ ...services, pids: servers.map((s) => ({ name: s.name, pid: s.pid })) }, null, 2)}\n`;
  writeFileSync(runFile, text, { mode: 0o600 });
  writeFileSync(servicesFile, text, { mode: 0o600 });
  // Test workers are forked after the global set-up, so they inherit this.
  process.env.TEST_SERVICES_FILE = runFile;

  const state: HarnessState = { tempDir, servers, reaperPid: startReaper(tempDir, runFile, servers), runFile };
  (globalThis as Record<string, unknown>)[STATE_KEY] = state;
  process.stderr.write(
    `\ntest services: venv ${venvSeconds.toFixed(2)} s, postgres ${postgres.value.seconds.toFixed(2)} s, ` +
      `moto ${moto.value.seconds.toFixed(2)} s, total ${((performance.now() - start) / 1000).toFixed(2)} s\n`,
  );
}
