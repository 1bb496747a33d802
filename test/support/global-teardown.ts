// Stops what global-setup.ts started: both servers (their whole process groups), the watchdog, the
// temporary directory (data, certificates, logs), this run's services file and its function bundles.
import { readFileSync, rmSync } from 'node:fs';
import { BUNDLES_DIR_VARIABLE, sweepBundleBuilds } from './bundles';
import { harnessState } from './global-setup';
import { stopServer } from './processes';
import { servicesFile } from './services';

export default async function globalTeardown(): Promise<void> {
  sweepBundleBuilds();
  const bundles = process.env[BUNDLES_DIR_VARIABLE];
  if (bundles) rmSync(bundles, { recursive: true, force: true });
  delete process.env[BUNDLES_DIR_VARIABLE];
  const state = harnessState();
  if (!state) return;
  await Promise.all(state.servers.map((s) => stopServer(s)));
  try {
    process.kill(state.reaperPid, 'SIGKILL');
  } catch {
    // already gone
  }
  rmSync(state.tempDir, { recursive: true, force: true });
  // services.json is shared by every run in this tree: remove it only while it still describes this run.
  const ours = readFileSync(state.runFile, 'utf8');
  if (readOrEmpty(servicesFile) === ours) rmSync(servicesFile, { force: true });
  rmSync(state.runFile, { force: true });
  delete process.env.TEST_SERVICES_FILE;
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
