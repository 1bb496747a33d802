#!/usr/bin/env node
// Creates (or completes) the project-local Python virtualenv `.venv` from hash-locked requirement files, with uv.
// Two groups, so a fresh clone's tests do not wait for the scanner:
//   tests  moto (AWS emulator) and zizmor (workflow linter): tools/python/tests.lock.txt, what `npm test` needs
//   all    the above plus checkov (`npm run scan`): tools/python/requirements.lock.txt
// uv itself comes from PyPI (tools/python/uv.lock.txt, hash-checked) into .tools/uv the first time. Each group is a
// no-op once installed from the same lock file. `node tools/python/ensure-venv.mjs [tests|all]` (default: all).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const here = join(projectRoot, 'tools/python');
export const venvDir = join(projectRoot, '.venv');
export const venvBin = (name) => join(venvDir, 'bin', name);
const uvDir = join(projectRoot, '.tools/uv');
const uvBin = join(uvDir, 'bin/uv');

/** The lock file of each group; installing a group also satisfies the groups it contains. */
const GROUPS = {
  tests: { lock: 'tests.lock.txt', contains: [] },
  all: { lock: 'requirements.lock.txt', contains: ['tests'] },
};

function run(command, args, what, env = process.env) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env });
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

const stampOf = (group) => join(venvDir, `.installed-${group}.sha256`);
const lockHash = (group) =>
  createHash('sha256')
    .update(readFileSync(join(here, GROUPS[group].lock)))
    .digest('hex');
const installed = (group) =>
  existsSync(venvBin('python')) &&
  existsSync(stampOf(group)) &&
  readFileSync(stampOf(group), 'utf8').trim() === lockHash(group);

/** uv and pip talk TLS to the registry; where pip is told of a CA bundle (PIP_CERT), tell uv too. */
function uvEnvironment() {
  const env = { ...process.env, UV_NO_PROGRESS: '1' };
  if (!env.SSL_CERT_FILE && env.PIP_CERT) env.SSL_CERT_FILE = env.PIP_CERT;
  return env;
}

function ensureUv(python) {
  if (existsSync(uvBin)) return uvBin;
  run(
    python,
    [
      ...['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--root-user-action=ignore'],
      ...['--no-deps', '--require-hashes', '--target', uvDir, '-r', join(here, 'uv.lock.txt')],
    ],
    'pip install uv (tools/python/uv.lock.txt)',
  );
  return uvBin;
}

/** Ensures `.venv` holds the locked requirements of `group` ('tests' or 'all'); returns the venv directory. */
export function ensureVenv({ quiet = false, group = 'all' } = {}) {
  if (!GROUPS[group]) throw new Error(`ensureVenv: unknown group "${group}" (${Object.keys(GROUPS).join(', ')})`);
  if (installed(group)) return venvDir;
  const started = performance.now();
  const python = findPython();
  const log = (message) => quiet || process.stderr.write(`${message}\n`);
  const lock = `tools/python/${GROUPS[group].lock}`;
  log(`python tools: installing ${lock} into .venv with uv (first run only, a few seconds)`);
  const uv = ensureUv(python);
  const env = uvEnvironment();
  if (!existsSync(venvBin('python'))) run(uv, ['venv', '--quiet', '--python', python, venvDir], 'uv venv .venv', env);
  run(
    uv,
    ['pip', 'install', '--quiet', '--python', venvBin('python'), '--require-hashes', '-r', join(projectRoot, lock)],
    `uv pip install -r ${lock}`,
    env,
  );
  for (const done of [group, ...GROUPS[group].contains]) writeFileSync(stampOf(done), `${lockHash(done)}\n`);
  log(`python tools: ${lock} installed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return venvDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureVenv({ group: process.argv[2] ?? 'all' });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
