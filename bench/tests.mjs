#!/usr/bin/env node
// Test speed: wall time of `npm test`, then of each jest project alone (unit, synth, terraform, integration), with the
// integration services' start-up (PostgreSQL, moto) taken from the line test/support/global-setup.ts prints
// on stderr (`test services: venv 0.01 s, postgres 1.02 s, moto 1.31 s, total 1.33 s`).
// Usage: node bench/tests.mjs [--reps 1]
import { join } from 'node:path';
import { isMain, median, mib, numberArg, projectRoot, report, runMeasured, seconds } from './lib/measure.mjs';

const PROJECTS = ['unit', 'synth', 'terraform', 'integration'];
const GOAL_SUITE_MS = 60_000;
const jestBin = join(projectRoot, 'node_modules/.bin/jest');

/** `Tests: 1 failed, 41 passed, 42 total` -> { passed, failed, total }. */
export function parseJestCounts(output) {
  const line = output.split('\n').find((l) => /^Tests:\s/.test(l)) ?? '';
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed'), total: count('total') };
}

/** The set-up line of the integration harness -> { venv, postgres, moto, total } in ms, or undefined. */
export function parseServiceStartup(output) {
  const line = output.split('\n').find((l) => l.startsWith('test services:'));
  if (!line) return undefined;
  const times = {};
  for (const [, name, value] of line.matchAll(/(\w+) ([\d.]+) s/g)) times[name] = Number(value) * 1000;
  return times;
}

async function timeRun(command, args, reps) {
  const runs = [];
  for (let rep = 0; rep < reps; rep++) {
    const result = await runMeasured(command, args, { allowFailure: true, env: { CI: 'true' } });
    const output = `${result.stdout}\n${result.stderr}`;
    runs.push({ ...result, counts: parseJestCounts(output), startup: parseServiceStartup(output) });
  }
  const startups = runs.map((r) => r.startup).filter(Boolean);
  return {
    wall: median(runs.map((r) => r.wallMs)),
    rss: median(runs.map((r) => r.peakTreeRss)),
    counts: runs.at(-1).counts,
    failedRuns: runs.filter((r) => r.code !== 0).length,
    startup: startups.length
      ? Object.fromEntries(Object.keys(startups[0]).map((key) => [key, median(startups.map((s) => s[key]))]))
      : undefined,
  };
}

export async function benchTests({ reps = 1 } = {}) {
  const suite = await timeRun('npm', ['test', '--silent'], reps);
  process.stderr.write(`tests npm test: ${seconds(suite.wall)}\n`);
  const projects = {};
  for (const project of PROJECTS) {
    projects[project] = await timeRun(jestBin, ['--selectProjects', project], reps);
    process.stderr.write(`tests ${project}: ${seconds(projects[project].wall)}\n`);
  }
  const bundles = await timeRun('npm', ['run', 'build:functions', '--silent'], reps);

  const countCell = ({ counts }) =>
    `${counts.passed}/${counts.total} passed${counts.failed ? `, ${counts.failed} failed` : ''}`;
  const rows = [
    ['`npm test` (all projects)', seconds(suite.wall), countCell(suite), mib(suite.rss)],
    ...PROJECTS.map((p) => [
      `jest --selectProjects ${p}`,
      seconds(projects[p].wall),
      countCell(projects[p]),
      mib(projects[p].rss),
    ]),
    ['  of which `npm run build:functions` (synth global set-up)', seconds(bundles.wall), '-', mib(bundles.rss)],
  ];
  const startup = projects.integration.startup ?? suite.startup;
  if (startup) {
    for (const [name, ms] of Object.entries(startup)) {
      rows.push([`  of which integration start-up: ${name}`, seconds(ms), '-', '-']);
    }
  }
  const failures = [suite, ...Object.values(projects)].filter((r) => r.failedRuns > 0).length;
  return {
    title: 'Tests',
    details: { headers: ['what', 'wall (median)', 'tests', 'peak RSS, tree'], rows },
    summary: [
      {
        figure: '`npm test` wall time (every project)',
        project: `${seconds(suite.wall)} (unit ${seconds(projects.unit.wall)}, synth ${seconds(projects.synth.wall)}, terraform ${seconds(projects.terraform.wall)}, integration ${seconds(projects.integration.wall)})`,
        baseline: '-',
        ratio: '-',
        goal: `< ${seconds(GOAL_SUITE_MS)} on 2 cores`,
        met: suite.wall < GOAL_SUITE_MS && failures === 0,
      },
      {
        figure: 'integration services start-up (PostgreSQL and moto in parallel)',
        project: startup
          ? `${seconds(startup.total)} (postgres ${seconds(startup.postgres)}, moto ${seconds(startup.moto)})`
          : 'not reported',
        baseline: '-',
        ratio: '-',
        goal: '-',
        met: null,
      },
    ],
    notes: [
      `Median of ${reps} run(s). The per-project rows run jest once per project, each paying jest's own start-up; \`npm test\` runs all three in one jest with parallel workers.`,
      'Start-up times come from the line test/support/global-setup.ts writes on stderr; PostgreSQL and moto start concurrently, so "total" is the wall time of the set-up.',
      failures
        ? `**${failures} of the runs had failing tests**: the times still count, the failures are for the test owners.`
        : 'Every run passed.',
    ],
  };
}

if (isMain(import.meta.url)) {
  report(await benchTests({ reps: numberArg('reps', 1) }));
}
