// Starting and stopping the test servers. Each server runs in its own process group (detached), so
// stopping it also stops its children (PostgreSQL's backends, moto's workers), and nothing is left behind
// even when the set-up fails halfway or jest itself is killed (see startReaper).
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A server process the harness started; `pid` is also its process-group id. */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  /** Signal that asks the server to shut down quickly (PostgreSQL: SIGINT, "fast shutdown"). */
  readonly stopSignal: NodeJS.Signals;
  readonly logFile: string;
}

export interface SpawnServerOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly stopSignal?: NodeJS.Signals;
  readonly uid?: number;
  readonly gid?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** A loopback TCP port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts a server in a new process group with its output in `logFile` (a pipe would keep jest's event loop
 * alive and fill up if nobody read it). Rejects if the command cannot be started at all.
 */
export function spawnServer(options: SpawnServerOptions): Promise<{ server: ServerProcess; child: ChildProcess }> {
  const log = openSync(options.logFile, 'a');
  try {
    const child = spawn(options.command, [...options.args], {
      detached: true,
      stdio: ['ignore', log, log],
      env: options.env ?? process.env,
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
    });
    return new Promise((resolve, reject) => {
      child.once('error', (error) =>
        reject(new Error(`${options.name}: cannot start ${options.command}: ${error.message}`)),
      );
      child.once('spawn', () => {
        child.unref();
        const pid = child.pid;
        if (pid === undefined) return reject(new Error(`${options.name}: no pid`));
        resolve({
          child,
          server: { name: options.name, pid, stopSignal: options.stopSignal ?? 'SIGTERM', logFile: options.logFile },
        });
      });
    });
  } finally {
    closeSync(log);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Asks the server to stop, waits up to `graceMs`, then kills its whole process group. */
export async function stopServer(server: ServerProcess, graceMs = 3000): Promise<void> {
  try {
    process.kill(server.pid, server.stopSignal);
  } catch {
    // already gone
  }
  const deadline = Date.now() + graceMs;
  while (alive(server.pid) && Date.now() < deadline) await sleep(20);
  signalGroup(server.pid, 'SIGKILL');
}

/**
 * Waits until `probe` resolves true, polling every 25 ms. Fails early when the process has exited, and on
 * timeout, with the tail of the server's log so the cause is visible.
 */
export async function waitUntilReady(
  server: ServerProcess,
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (!alive(server.pid)) throw new Error(`${server.name} exited during start-up:\n${logTail(server.logFile)}`);
    if (Date.now() > deadline) {
      throw new Error(`${server.name} did not answer within ${timeoutMs} ms:\n${logTail(server.logFile)}`);
    }
    await sleep(25);
  }
}

export function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Runs in a separate, detached node process: when the jest process disappears without running the global
// teardown (killed, crashed), it stops the servers and deletes the temporary directory and the run's file.
const REAPER_SOURCE = `
const [watched, tempDir, runFile, ...groups] = process.argv.slice(1);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const timer = setInterval(() => {
  if (alive(Number(watched))) return;
  clearInterval(timer);
  for (const g of groups) { try { process.kill(Number(g), 'SIGINT'); } catch {} }
  setTimeout(() => {
    for (const g of groups) { try { process.kill(-Number(g), 'SIGKILL'); } catch {} }
    const fs = require('node:fs');
    for (const p of [tempDir, runFile]) { try { fs.rmSync(p, { recursive: true, force: true }); } catch {} }
    process.exit(0);
  }, 2000);
}, 500);
`;

/** Starts the watchdog described above; returns its pid (the teardown stops it). */
export function startReaper(tempDir: string, runFile: string, servers: readonly ServerProcess[]): number {
  const child = spawn(
    process.execPath,
    ['-e', REAPER_SOURCE, String(process.pid), tempDir, runFile, ...servers.map((s) => String(s.pid))],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  return child.pid ?? 0;
}
