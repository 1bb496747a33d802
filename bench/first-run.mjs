#!/usr/bin/env node
// A fresh clone's first `npm test`, then its second: copies the checkout's files (as git lists them) to a temp
// folder with node_modules hard-linked (npm ci is not part of the figure), no .venv, no .tools, an empty uv cache, no pip
// cache and an empty jest cache. It installs the Python tools the tests need first, on their own (what the tests'
// set-up would do, timed apart), then runs `npm test` twice and says where the time went: the Python tools, the
// integration services' start-up, and jest itself.
// Usage: node bench/first-run.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyCheckout } from '../tools/maintenance/fork-check.mjs';
import { isMain, mib, report, runMeasured, seconds } from './lib/measure.mjs';
import { parseJestCounts, parseServiceStartup } from './tests.mjs';

const GOAL_FIRST_MS = 90_000;

/** `python tools: tools/python/tests.lock.txt installed in 17.3 s` -> ms, or 0 when nothing was installed. */
export function parsePythonInstall(output) {
  const match = /^python tools: \S+ installed in ([\d.]+) s$/m.exec(output);
  return match ? Number(match[1]) * 1000 : 0;
}

function freshCopy() {
  const root = mkdtempSync(join(tmpdir(), 'first-run-'));
  copyCheckout(root, { venv: false });
  return root;
}

const freshEnv = (root) => ({ CI: 'true', UV_CACHE_DIR: join(root, '.uv-cache'), PIP_NO_CACHE_DIR: '1' });

async function pythonTools(root) {
  const result = await runMeasured(process.execPath, ['tools/python/ensure-venv.mjs', 'tests'], {
    cwd: root,
    env: freshEnv(root),
  });
  return parsePythonInstall(`${result.stdout}\n${result.stderr}`) || result.wallMs;
}

async function testRun(root, python) {
  const result = await runMeasured('npm', ['test', '--silent', '--', '--cacheDirectory', join(root, '.jest-cache')], {
    cwd: root,
    allowFailure: true,
    env: freshEnv(root),
  });
  const output = `${result.stdout}\n${result.stderr}`;
  const services = parseServiceStartup(output)?.total ?? 0;
  const failedTests = output
    .split('\n')
    .filter((line) => /^\s+● /.test(line))
    .map((line) => line.trim().slice(2));
  return {
    ...result,
    wallMs: result.wallMs + python,
    counts: parseJestCounts(output),
    python,
    services,
    jest: result.wallMs - services,
    failedTests: [...new Set(failedTests)],
  };
}

export async function benchFirstRun() {
  const root = freshCopy();
  try {
    const python = await pythonTools(root);
    const first = await testRun(root, python);
    process.stderr.write(`first-run first npm test: ${seconds(first.wallMs)}\n`);
    const warm = await testRun(root, 0);
    process.stderr.write(`first-run second npm test: ${seconds(warm.wallMs)}\n`);
    const row = (name, run) => [
      name,
      seconds(run.wallMs),
      seconds(run.python),
      seconds(run.services),
      seconds(run.jest),
      `${run.counts.passed}/${run.counts.total} passed${run.counts.failed ? `, ${run.counts.failed} failed` : ''}`,
      mib(run.peakTreeRss),
    ];
    const failed = [first, warm].some((r) => r.code !== 0);
    return {
      title: 'First and warm npm test',
      details: {
        headers: [
          'run',
          'wall',
          'Python tools (uv)',
          'services start-up',
          'jest (the rest)',
          'tests',
          'peak RSS, tree',
        ],
        rows: [row('first `npm test` of a fresh clone', first), row('second `npm test`', warm)],
      },
      summary: [
        {
          figure: 'first `npm test` of a fresh clone (after `npm ci`)',
          project: `${seconds(first.wallMs)} (Python tools ${seconds(first.python)}); warm ${seconds(warm.wallMs)}`,
          baseline: '2 min 50 s before uv (Python tools 86 s with pip)',
          ratio: '-',
          goal: `< ${seconds(GOAL_FIRST_MS)} on 2 cores`,
          met: first.wallMs < GOAL_FIRST_MS && !failed,
        },
      ],
      notes: [
        'The first run installs the Python tools the tests need (moto, zizmor) with uv from tools/python/tests.lock.txt, ' +
          'with empty uv and pip caches, and fills an empty jest cache; checkov (only `npm run scan` needs it) is not installed.',
        '"jest (the rest)" is the wall time minus the Python tools and the services start-up: bundling the functions, ' +
          'transforming the sources and running every test.',
        failed
          ? `**A run had failing tests**: the times still count. Failed: ${[...new Set([...first.failedTests, ...warm.failedTests])].join('; ')}`
          : 'Both runs passed.',
      ],
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  report(await benchFirstRun());
}
