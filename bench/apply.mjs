#!/usr/bin/env node
// Apply against the emulator: wall time of `npm run test:apply` (every stack of the selected environments applied
// with the Terraform CLI against moto, checked, destroyed), with the per-stack steps the suite writes to
// .test-run/apply-timings.json. Usage: node bench/apply.mjs [--from-last-run]
// --from-last-run reports the timings of the last `npm run test:apply` instead of running it again (about 10 min
// on a quiet 2-core machine).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMain, projectRoot, report, runMeasured, seconds } from './lib/measure.mjs';

const TIMINGS = join(projectRoot, '.test-run/apply-timings.json');
/** CI's whole run should stay under ten minutes; the apply suite is most of it. */
const GOAL_MS = 10 * 60_000;

export async function benchApply({ fromLastRun = false } = {}) {
  let wallMs;
  let outcome = 'last run';
  if (!fromLastRun) {
    const result = await runMeasured('npm', ['run', 'test:apply', '--silent'], { allowFailure: true });
    wallMs = result.wallMs;
    outcome = result.code === 0 ? 'passed' : `**failed** (exit ${result.code})`;
  }
  if (!existsSync(TIMINGS)) throw new Error(`${TIMINGS} is missing: run npm run test:apply first`);
  const timings = JSON.parse(readFileSync(TIMINGS, 'utf8'));
  wallMs ??= timings.totalSeconds * 1000;
  const rows = Object.entries(timings.steps).flatMap(([env, steps]) =>
    Object.entries(steps).map(([step, s]) => [env, step, seconds(s * 1000)]),
  );
  const phases = Object.entries(timings.phases)
    .map(([name, s]) => `${name} ${seconds(s * 1000)}`)
    .join(', ');
  return {
    title: 'Apply against the emulator',
    details: { headers: ['environment', 'step', 'wall'], rows },
    summary: [
      {
        figure: `\`npm run test:apply\` (${timings.config} config: ${timings.environments.join(', ')} in parallel)`,
        project: `${seconds(wallMs)} (${phases}; ${outcome})`,
        baseline: '-',
        ratio: '-',
        goal: `< ${seconds(GOAL_MS)}`,
        met: wallMs < GOAL_MS,
      },
    ],
    notes: [
      'Each environment has its own moto server; stacks run one after another in dependency order, environments side by side.',
      "Most of each step is the AWS provider's own waiting (KMS key and IAM propagation checks, Lambda and VPC deletion) and Terraform starting the provider, so a loaded machine stretches it.",
    ],
  };
}

if (isMain(import.meta.url)) {
  report(await benchApply({ fromLastRun: process.argv.includes('--from-last-run') }));
}
