#!/usr/bin/env node
// Scale: synth time, memory and JSON size for 3, 10 and 30 environments, to show cost grows linearly with the
// number of environments. test/support/scale-app.ts clones the multi-account fixture's environments round-robin
// (distinct names and /16s) and calls buildProject in a fresh node process per run; it reports load, build and synth
// times itself. A fixture, not config/: the figure is the template's, whatever a fork's config holds.
// Usage: node bench/scale.mjs [--reps 3]
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildFunctions } from '../tools/build/build-functions.mjs';
import {
  isMain,
  kib,
  median,
  mib,
  millis,
  numberArg,
  projectRoot,
  ratio,
  report,
  runMeasured,
  seconds,
  workDir,
} from './lib/measure.mjs';

const SIZES = [3, 10, 30];
/** Cost per resource may grow by this much from the smallest to the largest size and still count as linear. */
const LINEAR_TOLERANCE = 1.5;

// The stacks find the function zips at <bundle dir>/../../dist/functions, so the bundle must sit two levels
// below the project root, like dist/app/main.cjs does.
const bundle = join(workDir, 'scale-app.cjs');

async function bundleScaleApp() {
  await buildFunctions();
  await build({
    entryPoints: [join(projectRoot, 'test/support/scale-app.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node22', // the oldest Node.js package.json's engines admits
    format: 'cjs',
    external: ['cdktf', 'constructs'],
    logLevel: 'error',
    absWorkingDir: projectRoot,
  });
}

function outputSize(outdir) {
  let bytes = 0;
  let resources = 0;
  const stacks = readdirSync(join(outdir, 'stacks'));
  for (const stack of stacks) {
    const file = join(outdir, 'stacks', stack, 'cdk.tf.json');
    bytes += statSync(file).size;
    const json = JSON.parse(readFileSync(file, 'utf8'));
    resources += Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  }
  return { bytes, resources, stacks: stacks.length };
}

export async function benchScale({ reps = 3 } = {}) {
  await bundleScaleApp();
  const measured = [];
  let cycled = [];
  for (const size of SIZES) {
    const outdir = join(workDir, `scale-${size}`);
    const runs = [];
    for (let rep = 0; rep <= reps; rep++) {
      rmSync(outdir, { recursive: true, force: true });
      const result = await runMeasured('node', [bundle, String(size), outdir]);
      if (rep === 0) continue; // warm-up
      runs.push({ ...result, phases: JSON.parse(result.stdout.trim().split('\n').at(-1)) });
    }
    cycled = runs[0]?.phases.cycled ?? cycled;
    const work = median(runs.map((r) => r.phases.buildMs + r.phases.synthMs));
    measured.push({
      size,
      ...outputSize(outdir),
      wall: median(runs.map((r) => r.wallMs)),
      load: median(runs.map((r) => r.phases.loadMs)),
      work,
      rss: median(runs.map((r) => r.peakTreeRss)),
    });
    process.stderr.write(`scale ${size} environments: build+synth ${millis(work)}\n`);
  }

  const first = measured[0];
  const last = measured.at(-1);
  const perResource = (m) => m.work / m.resources;
  const growth = perResource(last) / perResource(first);
  return {
    title: 'Scale',
    details: {
      headers: [
        'environments',
        'stacks',
        'resources',
        'JSON',
        'JSON per env',
        'wall',
        'module load',
        'build + synth',
        'per env',
        'per resource',
        'peak RSS',
      ],
      rows: measured.map((m) => [
        m.size,
        m.stacks,
        m.resources,
        kib(m.bytes),
        kib(m.bytes / m.size),
        seconds(m.wall),
        millis(m.load),
        millis(m.work),
        millis(m.work / m.size),
        millis(perResource(m)),
        mib(m.rss),
      ]),
    },
    summary: [
      {
        figure: `scale: build + synth time per resource, ${last.size} vs ${first.size} environments`,
        project: `${millis(perResource(last))} (${last.size} envs, ${seconds(last.wall)} wall)`,
        baseline: `${millis(perResource(first))} (${first.size} envs, ${seconds(first.wall)} wall)`,
        ratio: ratio(perResource(last), perResource(first)),
        goal: `linear: per-resource cost grows <= ${LINEAR_TOLERANCE}x`,
        met: growth <= LINEAR_TOLERANCE,
      },
      {
        figure: `scale: synthesized JSON per environment, ${last.size} vs ${first.size} environments`,
        project: kib(last.bytes / last.size),
        baseline: kib(first.bytes / first.size),
        ratio: ratio(last.bytes / last.size, first.bytes / first.size),
        goal: 'linear: constant per environment',
        met: Math.abs(last.bytes / last.size / (first.bytes / first.size) - 1) < 0.1,
      },
    ],
    notes: [
      `Median of ${reps} runs after one warm-up, each a fresh node process running test/support/scale-app.ts bundled by esbuild (as npm run synth does).`,
      `Environments cycle the multi-account fixture's ${cycled.join(', ')}, then ${cycled[0]}2, ...: a size that is not a multiple of ${cycled.length} holds more of the first ones, so per-resource cost is the fair comparison.`,
      'Wall includes node start-up and module loading, a fixed cost; "build + synth" is buildProject plus app.synth() timed inside the process.',
    ],
  };
}

if (isMain(import.meta.url)) {
  report(await benchScale({ reps: numberArg('reps', 3) }));
}
