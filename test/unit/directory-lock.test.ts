// test/support/directory-lock.ts: the lock that makes `terraform init` runs of parallel test workers take turns on
// the shared plugin cache. Other owners are real processes (a pid alive or ended), as another worker would be.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withDirectoryLock } from '../support/directory-lock';

function lockPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'lock-test-')), 'cache.lock');
}

/** A lock directory as another process leaves it while holding it. */
function heldBy(lockDir: string, pid: number): void {
  mkdirSync(lockDir);
  writeFileSync(join(lockDir, 'owner'), String(pid));
}

describe('withDirectoryLock', () => {
  it('lets one caller in at a time and runs every one', async () => {
    const lock = lockPath();
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((n) =>
        withDirectoryLock(
          lock,
          async () => {
            inside += 1;
            most = Math.max(most, inside);
            await sleep(20);
            order.push(n);
            inside -= 1;
          },
          { pollMs: 5 },
        ),
      ),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(existsSync(lock)).toBe(false);
  });

  it('waits while another live process holds the lock, and goes in once that process has ended', async () => {
    const lock = lockPath();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 400)']);
    heldBy(lock, other.pid as number);
    let otherEnded = false;
    other.on('exit', () => {
      otherEnded = true;
    });
    await withDirectoryLock(lock, async () => expect(otherEnded).toBe(true), { pollMs: 20 });
  });

  it('takes over at once a lock whose owner has ended (a killed test run)', async () => {
    const lock = lockPath();
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    heldBy(lock, Number(ended.stdout));
    // A live owner would make this time out (the case below).
    await expect(withDirectoryLock(lock, async () => 'ran', { timeoutMs: 5_000, pollMs: 20 })).resolves.toBe('ran');
  });

  it('gives up naming the lock when a live owner keeps it too long', async () => {
    const lock = lockPath();
    heldBy(lock, process.pid);
    await expect(withDirectoryLock(lock, async () => 'ran', { timeoutMs: 100, pollMs: 20 })).rejects.toThrow(
      `${lock} stayed locked for 0.1 s; remove it if no test is running`,
    );
  });

  it('releases the lock when the work fails', async () => {
    const lock = lockPath();
    await expect(
      withDirectoryLock(lock, async () => {
        throw new Error('init failed');
      }),
    ).rejects.toThrow('init failed');
    expect(existsSync(lock)).toBe(false);
  });
});
