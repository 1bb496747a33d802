#!/usr/bin/env node
// Pipeline policy sizes: every policy of the bootstrap stack (the environment boundaries, the deploy and plan roles'
// boundaries and managed policies, the create-key inline policy) as IAM counts it, without whitespace and with
// references at their longest plausible length, which is what synth checks (lib/constructs/policy-size.ts stops
// synth past 90 % of a limit). Goals (issue 21): at most 50 % of every limit for the all-features fixture under the
// longest project name, at most 75 % once S3, SNS, EventBridge and Step Functions entries are added to the real DynamoDB one.
// Usage: node bench/policy-sizes.mjs
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildFunctions } from '../tools/build/build-functions.mjs';
import { isMain, projectRoot, report, workDir } from './lib/measure.mjs';

// The stacks find the function zips at <bundle dir>/../../dist/functions (see bench/scale.mjs).
const bundle = join(workDir, 'policy-sizes-app.cjs');

const percent = (share) => `${(100 * share).toFixed(1)} %`;
const shareOf = (policy) => policy.size / policy.limit;

export async function benchPolicySizes() {
  await buildFunctions();
  await build({
    entryPoints: [join(projectRoot, 'test/support/policy-sizes-app.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['cdktf', 'constructs'],
    logLevel: 'error',
    absWorkingDir: projectRoot,
  });
  const run = spawnSync(process.execPath, [bundle], {
    cwd: projectRoot,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`policy-sizes-app failed (exit ${run.status}):\n${run.stderr}`);
  const scenarios = JSON.parse(run.stdout.trim().split('\n').at(-1));
  const rows = scenarios.flatMap(({ scenario, sizes }) =>
    sizes.map((p) => [
      scenario,
      p.name,
      p.size.toLocaleString('en-US'),
      p.limit.toLocaleString('en-US'),
      p.unit ?? 'characters',
      percent(shareOf(p)),
    ]),
  );
  return {
    title: 'Pipeline policy sizes',
    details: { headers: ['scenario', 'policy', 'size', 'limit', 'unit', 'of limit'], rows },
    summary: scenarios.map(({ scenario, goal, sizes }) => {
      const fullest = [...sizes].sort((a, b) => shareOf(b) - shareOf(a))[0];
      return {
        figure: `pipeline policies, fullest of ${sizes.length}: ${scenario}`,
        project: `${fullest.name}: ${fullest.size.toLocaleString('en-US')} of ${fullest.limit.toLocaleString('en-US')} ${fullest.unit ?? 'characters'}`,
        baseline: '-',
        ratio: percent(shareOf(fullest)),
        goal: `every policy <= ${percent(goal)} of its limit`,
        met: sizes.every((p) => shareOf(p) <= goal),
      };
    }),
    notes: [
      'Sizes are what synth computes (BootstrapStack.policySizes): characters without whitespace, the state bucket ARN at 83 characters and the state key ARN at 87 (the longest partition and region).',
      "The growth entries (test/support/growth-permissions.ts) are measured through BootstrapStack's extraPermissions; they are not part of the permissions table.",
    ],
  };
}

if (isMain(import.meta.url)) {
  report(await benchPolicySizes());
}
