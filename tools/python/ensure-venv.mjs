#!/usr/bin/env node
// Creates (or refreshes) the project-local Python virtualenv `.venv` from the pinned lock file.
// The test suite and CI call this; it is a no-op when the venv already matches the lock file.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const lockFile = join(projectRoot, 'tools/python/requirements.lock.txt');
export const venvDir = join(projectRoot, '.venv');
export const venvBin = (name) => join(venvDir, 'bin', name);
const stampFile = join(venvDir, '.requirements.sha256');

function run(command, args, what) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const detail = result.error
      ? result.error.message
      : (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
    throw new Error(`${what} failed:\n${detail}`);
  }
  return result.stdout;
}

function findPython() {
  for (const candidate of [process.env.PYTHON, 'python3', 'python'].filter(Boolean)) {
    const probe = spawnSync(candidate, ['-c', 'import sys, venv; print(sys.version_info[:2] >= (3, 9))'], {
      encoding: 'utf8',
    });
    if (probe.status === 0 && probe.stdout.trim() === 'True') return candidate;
  }
  throw new Error(
    'Python 3.9+ with the venv module is required for the AWS emulator (moto) and the scanners (checkov, zizmor), ' +
      'but none was found on PATH. Install it (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python) ' +
      'or point PYTHON at an interpreter, then run the command again.',
  );
}

/** Ensures `.venv` holds exactly the locked requirements; returns the venv directory. */
export function ensureVenv({ quiet = false } = {}) {
  const wanted = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === wanted && existsSync(venvBin('python'))) {
    return venvDir;
  }
  const python = findPython();
  const log = (message) => quiet || process.stderr.write(`${message}\n`);
  log(`python tools: creating ${venvDir} from tools/python/requirements.lock.txt (first run only, ~40 s)`);
  if (!existsSync(venvBin('python'))) run(python, ['-m', 'venv', venvDir], 'creating the virtualenv');
  run(
    venvBin('python'),
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', lockFile],
    'pip install -r tools/python/requirements.lock.txt',
  );
  writeFileSync(stampFile, `${wanted}\n`);
  return venvDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureVenv();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
