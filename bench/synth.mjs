#!/usr/bin/env node
// Synth speed: wall time and peak memory of `npm run synth` (every environment) against the same app set up the
// naive way (barrel imports of @cdktf/provider-aws, run by ts-node with type-checking, through `cdktf synth`),
// plus the project's own app through `cdktf synth` to show what the CLI itself costs.
// Usage: node bench/synth.mjs [--reps 5] [--naive-reps 3]
// Memory is the peak of the summed RSS of the whole process tree (npm, sh, node, the CLI's children), sampled
// from /proc every 10 ms. Runs are interleaved so background load hits every variant alike; one warm-up run
// of each variant (not counted) fills the file cache.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * Resource count per stack and Terraform type of a synth output directory, to check that the variants built the
 * same app (the comparison is only fair if they did).
 */
export function stackShape(outdir) {
  const stacksDir = join(outdir, 'stacks');
  const shape = {};
  for (const stack of readdirSync(stacksDir).sort()) {
    const json = JSON.parse(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    shape[stack] = Object.fromEntries(
      Object.entries(json.resource ?? {})
        .map(([type, byName]) => [type, Object.keys(byName).length])
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  return shape;
}

/** What differs between two shapes, one entry per stack or resource type (`prod-app aws_iam_role: 3 vs 4`). */
export function shapeDifferences(a, b) {
  const differences = [];
  for (const stack of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (!(stack in a) || !(stack in b)) {
      differences.push(`${stack}: only in ${stack in a ? 'the first' : 'the second'}`);
      continue;
    }
    for (const type of [...new Set([...Object.keys(a[stack]), ...Object.keys(b[stack])])].sort()) {
      if (a[stack][type] !== b[stack][type]) {
        differences.push(`${stack} ${type}: ${a[stack][type] ?? 0} vs ${b[stack][type] ?? 0}`);
      }
    }
  }
  return differences;
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

  // A synth adds stacks to its output folder but never removes one, so a stack left by an earlier run (another
  // config, another branch) would make the variants look different: each run starts from an empty folder.
  const fresh = (variant) => {
    if (existsSync(variant.outdir)) rmSync(variant.outdir, { recursive: true, force: true });
    return variant.run();
  };
  const runs = Object.fromEntries(variants.map((v) => [v.id, []]));
  for (const variant of variants) await fresh(variant); // warm-up
  const rounds = Math.max(...variants.map((v) => v.reps));
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      if (round >= variant.reps) continue;
      const result = await fresh(variant);
      runs[variant.id].push(result);
      process.stderr.write(
        `synth ${variant.id} #${round + 1}: ${seconds(result.wallMs)}, ${mib(result.peakTreeRss)}\n`,
      );
    }
  }

  const shapes = variants.map((v) => stackShape(v.outdir));
  const differences = variants
    .slice(1)
    .flatMap((v, index) => shapeDifferences(shapes[0], shapes[index + 1]).map((d) => `${v.id}: ${d}`));
  const sameApp = differences.length === 0;
  const stacks = Object.keys(shapes[0]);
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
        goal: `< ${seconds(GOAL_WALL_MS)}, >= ${GOAL_SPEEDUP}x faster, the same stacks`,
        met: project.wall < GOAL_WALL_MS && speedup >= GOAL_SPEEDUP && sameApp,
      },
      {
        figure: 'synth peak RSS, whole process tree (median)',
        project: mib(project.rss),
        baseline: mib(naive.rss),
        ratio: ratio(naive.rss, project.rss),
        goal: `< ${mib(GOAL_RSS_BYTES)}, the same stacks`,
        met: project.rss < GOAL_RSS_BYTES && sameApp,
      },
    ],
    notes: [
      `${stacks.length} stacks (${stacks.join(', ')}), each variant synthesized into an emptied folder; the same stacks with the same resources of each type in every variant: ${sameApp ? 'yes' : `**NO**, so the figures compare different apps (${differences.join('; ')})`}.`,
      'The project variant also rebuilds the function bundles (tools/build/app.mjs does); the naive one reuses them, which flatters the baseline.',
      `Through the cdktf CLI the same bundled app takes ${seconds(stats['project-cli'].wall)}: the difference from \`npm run synth\` is the CLI's own start-up.`,
      'Peak RSS: summed RSS of every process in the tree, sampled from /proc every 10 ms (shared pages count once per process, so this is an upper bound).',
    ],
  };
}

if (isMain(import.meta.url)) {
  report(await benchSynth({ reps: numberArg('reps', 5), naiveReps: numberArg('naive-reps', 3) }));
}
