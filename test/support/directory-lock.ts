// A lock shared by every process on the machine: a directory (mkdir either creates it or fails, atomically) holding
// the owner's pid, so a lock left by a killed process is taken over instead of waited on.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LockOptions {
  /** Give up after this long, with an error naming the lock. */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

/** A lock directory younger than this may not have its owner file yet (mkdir and the write are two steps). */
const OWNERLESS_GRACE_MS = 10_000;

/** Runs `work` while holding `lockDir`; callers in this and other processes take turns. */
export async function withDirectoryLock<T>(
  lockDir: string,
  work: () => Promise<T>,
  { timeoutMs = 15 * 60_000, pollMs = 100 }: LockOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!tryAcquire(lockDir)) {
    if (Date.now() > deadline) {
      throw new Error(`${lockDir} stayed locked for ${timeoutMs / 1000} s; remove it if no test is running`);
    }
    await sleep(pollMs);
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function tryAcquire(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (abandoned(lockDir)) rmSync(lockDir, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(lockDir, 'owner'), String(process.pid));
  return true;
}

/** Whether the lock's owner has ended (or never wrote its pid and is long gone). */
function abandoned(lockDir: string): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, 'owner'), 'utf8'));
    return !(Number.isInteger(pid) && pid > 0 && isRunning(pid));
  } catch {
    try {
      return Date.now() - statSync(lockDir).mtimeMs > OWNERLESS_GRACE_MS;
    } catch {
      return false; // released meanwhile
    }
  }
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
