#!/usr/bin/env node
// Lints the GitHub Actions workflows with three tools and fails on any finding:
//   actionlint        (pinned; built from source with `go install` into .tools/bin the first time, ~45 s)
//   zizmor            (security audits, offline; from the project .venv, tools/python/tests.lock.txt)
//   action-validator  (JSON-schema check of the workflow syntax; npm devDependency)
// Usage: npm run lint:workflows [-- file.yml ...]   (default: every .github/workflows/*.yml and dependabot.yml)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVenv, venvBin } from '../python/ensure-venv.mjs';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ACTIONLINT_VERSION = 'v1.7.12';
const toolsBin = join(projectRoot, '.tools/bin');
const actionlint = join(toolsBin, 'actionlint');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: projectRoot, encoding: 'utf8', ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return { status: result.error ? null : result.status, output: result.error ? result.error.message : output };
}

/** Builds the pinned actionlint into .tools/bin unless that exact version is already there. */
function ensureActionlint() {
  if (existsSync(actionlint) && run(actionlint, ['-version']).output.split('\n')[0] === ACTIONLINT_VERSION) return;
  if (run('go', ['version']).status !== 0) {
    throw new Error(
      `actionlint ${ACTIONLINT_VERSION} is built from source and needs Go 1.24 or newer on PATH (https://go.dev/dl/); install Go and run this again`,
    );
  }
  process.stderr.write(`installing actionlint ${ACTIONLINT_VERSION} into .tools/bin (first run only, about 45 s)\n`);
  mkdirSync(toolsBin, { recursive: true });
  const installed = run('go', ['install', `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`], {
    env: { ...process.env, GOBIN: toolsBin, GOFLAGS: '-mod=mod' },
  });
  if (installed.status !== 0) throw new Error(`go install of actionlint failed:\n${installed.output}`);
}

function defaultFiles() {
  const dir = join(projectRoot, '.github/workflows');
  const workflows = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name));
  return { workflows, dependabot: join(projectRoot, '.github/dependabot.yml') };
}

/** Runs the three linters; returns one result per tool. */
export function lintWorkflows(files = []) {
  const { workflows, dependabot } = files.length > 0 ? { workflows: files, dependabot: undefined } : defaultFiles();
  const relativeWorkflows = workflows.map((file) => relative(projectRoot, resolve(file)));
  ensureActionlint();
  ensureVenv({ quiet: true, group: 'tests' });

  const results = [];
  const lint = run(actionlint, ['-no-color', ...relativeWorkflows]);
  const shellcheck = run('shellcheck', ['--version']).status === 0;
  results.push({
    tool: `actionlint ${ACTIONLINT_VERSION}${shellcheck ? ' (with shellcheck)' : ' (shellcheck not on PATH: run: scripts not checked)'}`,
    ok: lint.status === 0,
    output: lint.output,
  });

  const zizmorFiles = [
    ...relativeWorkflows,
    ...(dependabot && existsSync(dependabot) ? [relative(projectRoot, dependabot)] : []),
  ];
  const zizmor = run(venvBin('zizmor'), ['--offline', '--no-progress', '--format', 'plain', ...zizmorFiles]);
  results.push({ tool: 'zizmor', ok: zizmor.status === 0, output: zizmor.output });

  const validator = join(projectRoot, 'node_modules/.bin/action-validator');
  const schema = relativeWorkflows.map((file) => ({ file, ...run(validator, [file]) }));
  results.push({
    tool: 'action-validator',
    ok: schema.every((r) => r.status === 0),
    output: schema
      .filter((r) => r.status !== 0)
      .map((r) => `${r.file}:\n${r.output}`)
      .join('\n'),
  });
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const results = lintWorkflows(process.argv.slice(2));
    for (const { tool, ok, output } of results) {
      process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${tool}\n`);
      if (!ok && output) process.stdout.write(`${output.replace(/^/gm, '     ')}\n`);
    }
    process.exit(results.every((r) => r.ok) ? 0 : 1);
  } catch (error) {
    process.stderr.write(`lint:workflows: ${error.message}\n`);
    process.exit(2);
  }
}
