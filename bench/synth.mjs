#!/usr/bin/env node
// Synth speed: wall time and peak memory of `npm run synth` (every environment) against the same app set up the
// naive way (barrel imports of @cdktf/provider-aws, run by ts-node with type-checking, through `cdktf synth`),
// plus the project's own app through `cdktf synth` to show what the CLI itself costs.
// Usage: node bench/synth.mjs [--reps 5] [--naive-reps 3]
// Memory is the peak of the summed RSS of the whole process tree (npm, sh, node, the CLI's children), sampled
// from /proc every 10 ms. Runs are interleaved so background load hits every variant alike; one warm-up run
// of each variant (not counted) fills the file cache.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureDir,
  isMain,
  median,
  mib,
  numberArg,
  projectRoot,
  ratio,
  report,
  runMeasured,
  seconds,
  workDir,
} from './lib/measure.mjs';
import { generateNaiveApp } from './lib/naive-app.mjs';

const GOAL_WALL_MS = 3000;
const GOAL_RSS_BYTES = 400 * 2 ** 20;
const GOAL_SPEEDUP = 4;

const cdktfBin = join(projectRoot, 'node_modules/.bin/cdktf');
const cliEnv = { CHECKPOINT_DISABLE: '1' };

/** Resource count per stack of a synth output directory, to check that two variants built the same app. */
function stackShape(outdir) {
  const stacksDir = join(outdir, 'stacks');
  const shape = {};
  for (const stack of readdirSync(stacksDir).sort()) {
    const json = JSON.parse(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    shape[stack] = Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  }
  return shape;
}

export async function benchSynth({ reps = 5, naiveReps = 3 } = {}) {
  const naiveDir = generateNaiveApp(join(workDir, 'synth-naive'));
  // cdktf's App creates only the last folder of the output path.
  const cliOut = join(ensureDir(join(workDir, 'synth-cli')), 'cdktf.out');
  const synthScript = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).scripts.synth;
  const variants = [
    {
      id: 'project',
      label: `project: \`npm run synth\` (${synthScript})`,
      run: () => runMeasured('npm', ['run', 'synth', '--silent'], { env: cliEnv }),
      outdir: join(projectRoot, 'cdktf.out'),
      reps,
    },
    {
      id: 'project-cli',
      label: "project app through `cdktf synth` (cdktf.json's app)",
      run: () => runMeasured(cdktfBin, ['synth', '--output', cliOut], { env: cliEnv }),
      outdir: cliOut,
      reps,
    },
    {
      id: 'naive',
      label: 'naive: `cdktf synth`, app `npx ts-node main.ts`, barrel imports',
      run: () => runMeasured(cdktfBin, ['synth'], { cwd: naiveDir, env: cliEnv }),
      outdir: join(naiveDir, 'cdktf.out'),
      reps: naiveReps,
    },
  ];

  const runs = Object.fromEntries(variants.map((v) => [v.id, []]));
  for (const variant of variants) await variant.run(); // warm-up
  const rounds = Math.max(...variants.map((v) => v.reps));
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      if (round >= variant.reps) continue;
      const result = await variant.run();
      runs[variant.id].push(result);
      process.stderr.write(
        `synth ${variant.id} #${round + 1}: ${seconds(result.wallMs)}, ${mib(result.peakTreeRss)}\n`,
      );
    }
  }

  const shapes = variants.map((v) => JSON.stringify(stackShape(v.outdir)));
  const sameApp = shapes.every((shape) => shape === shapes[0]);
  const stacks = Object.keys(stackShape(variants[0].outdir));
  const stats = Object.fromEntries(
    variants.map((v) => {
      const list = runs[v.id];
      return [
        v.id,
        {
          wall: median(list.map((r) => r.wallMs)),
          minWall: Math.min(...list.map((r) => r.wallMs)),
          maxWall: Math.max(...list.map((r) => r.wallMs)),
          rss: median(list.map((r) => r.peakTreeRss)),
          processRss: median(list.map((r) => r.peakProcessRss)),
          processes: Math.max(...list.map((r) => r.peakProcesses)),
        },
      ];
    }),
  );
  const project = stats.project;
  const naive = stats.naive;
  const speedup = naive.wall / project.wall;
  return {
    title: 'Synth',
    details: {
      headers: ['variant', 'runs', 'wall (median)', 'wall (min-max)', 'peak RSS, tree', 'largest process', 'processes'],
      rows: variants.map((v) => {
        const s = stats[v.id];
        return [
          v.label,
          v.reps,
          seconds(s.wall),
          `${seconds(s.minWall)}-${seconds(s.maxWall)}`,
          mib(s.rss),
          mib(s.processRss),
          s.processes,
        ];
      }),
    },
    summary: [
      {
        figure: `synth wall time, ${stacks.length} stacks (median)`,
        project: seconds(project.wall),
        baseline: seconds(naive.wall),
        ratio: ratio(naive.wall, project.wall),
        goal: `< ${seconds(GOAL_WALL_MS)}, >= ${GOAL_SPEEDUP}x faster`,
        met: project.wall < GOAL_WALL_MS && speedup >= GOAL_SPEEDUP,
      },
      {
        figure: 'synth peak RSS, whole process tree (median)',
        project: mib(project.rss),
        baseline: mib(naive.rss),
        ratio: ratio(naive.rss, project.rss),
        goal: `< ${mib(GOAL_RSS_BYTES)}`,
        met: project.rss < GOAL_RSS_BYTES,
      },
    ],
    notes: [
      `${stacks.length} stacks (${stacks.join(', ')}); all variants produced the same stacks with the same resource counts: ${sameApp ? 'yes' : '**NO**'}.`,
      'The project variant also rebuilds the function bundles (scripts/app.mjs does); the naive one reuses them, which flatters the baseline.',
      `Through the cdktf CLI the same bundled app takes ${seconds(stats['project-cli'].wall)}: the difference from \`npm run synth\` is the CLI's own start-up.`,
      'Peak RSS: summed RSS of every process in the tree, sampled from /proc every 10 ms (shared pages count once per process, so this is an upper bound).',
    ],
  };
}

if (isMain(import.meta.url)) {
  report(await benchSynth({ reps: numberArg('reps', 5), naiveReps: numberArg('naive-reps', 3) }));
}
