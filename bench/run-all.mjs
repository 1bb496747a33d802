#!/usr/bin/env node
// `npm run bench`: runs every figure's script one after another (never in parallel: they would slow each other
// down), each in its own node process, and writes bench/RESULTS.md with one summary table and each script's
// details. Usage: node bench/run-all.mjs [--only synth,scale] (a partial run writes bench/.work/RESULTS.partial.md)
// A script reports through bench/lib/measure.mjs's report(), which writes its rows to $BENCH_JSON; a script
// that does not is still run, and its markdown output is copied into RESULTS.md as printed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ensureDir, markdownTable, metLabel, projectRoot, SUMMARY_HEADERS, workDir } from './lib/measure.mjs';

/** Figures in the order they run: the cheap, noise-sensitive ones first, the test suite last. */
const FIGURES = [
  { name: 'reading-load', script: 'bench/reading-load.mjs' },
  { name: 'synth', script: 'bench/synth.mjs' },
  { name: 'scale', script: 'bench/scale.mjs' },
  { name: 'policy-sizes', script: 'bench/policy-sizes.mjs' },
  { name: 'cold-start', script: 'bench/cold-start.mjs' },
  { name: 'secret-fetches', script: 'bench/secret-fetches.mjs' },
  { name: 'verify', script: ['bench/verify.mjs', 'bench/verify.ts'] },
  { name: 'delivery', script: 'bench/delivery.mjs' },
  { name: 'tests', script: 'bench/tests.mjs' },
  { name: 'first-run', script: 'bench/first-run.mjs' },
  // Last and longest (minutes): the stacks applied and destroyed against moto; needs terraform on PATH.
  { name: 'apply', script: 'bench/apply.mjs' },
];

function runScript(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const stdout = [];
    child.stdout.on('data', (chunk) => {
      stdout.push(chunk);
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8') }));
  });
}

function commandFor(script) {
  if (script.endsWith('.ts')) return [join(projectRoot, 'node_modules/.bin/tsx'), [script]];
  return [process.execPath, [script]];
}

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(process.argv[onlyIndex + 1]?.split(',')) : undefined;
const resultsDir = ensureDir(join(workDir, 'results'));
const summary = [];
const sections = [];
let failed = 0;

for (const figure of FIGURES) {
  if (only && !only.has(figure.name)) continue;
  const script = [figure.script].flat().find((path) => existsSync(join(projectRoot, path)));
  if (!script) {
    summary.push([figure.name, 'not measured: script missing', '-', '-', '-', '-', '-']);
    continue;
  }
  const jsonFile = join(resultsDir, `${figure.name}.json`);
  rmSync(jsonFile, { force: true });
  process.stderr.write(`\n== ${figure.name}: ${script}\n`);
  const [command, args] = commandFor(script);
  const { code, stdout } = await runScript(command, args, { BENCH_JSON: jsonFile });
  if (code !== 0) failed++;
  if (existsSync(jsonFile)) {
    const result = JSON.parse(readFileSync(jsonFile, 'utf8'));
    for (const r of result.rows)
      summary.push([r.figure, r.project, r.baseline, r.ratio, r.goal, metLabel(r.met), r.machine]);
    const body = [];
    if (result.details) body.push(markdownTable(result.details.headers, result.details.rows));
    if (result.notes?.length) body.push(result.notes.map((note) => `- ${note}`).join('\n'));
    sections.push(
      `### ${result.title} (\`${script.endsWith('.ts') ? 'tsx' : 'node'} ${script}\`)\n\n${body.join('\n\n')}`,
    );
  } else {
    summary.push([figure.name, code === 0 ? 'see below' : `**failed** (exit ${code})`, '-', '-', '-', '-', '-']);
    sections.push(`### ${figure.name} (\`${script}\`)\n\n${stdout.trim() || '(no output)'}`);
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const document = `# Benchmark results

Written by \`npm run bench\` (bench/run-all.mjs) on ${new Date().toISOString().slice(0, 19)}Z: ${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, node ${process.version}, ${os.type()} ${os.release()}. Do not edit by hand; rerun it.
"load" in the machine column is the 1-minute load average when the figure was taken: other work on the machine slows every figure down.

${markdownTable(SUMMARY_HEADERS, summary)}

## Details

${sections.join('\n\n')}

## Reproduce

\`\`\`sh
npm ci
npm run bench            # every figure, writes this file
npm run bench:synth      # or any one figure: bench:synth, bench:scale, bench:policy-sizes, bench:cold-start, bench:secret-fetches, bench:verify, bench:delivery, bench:tests, bench:first-run
\`\`\`
`;
// A partial run (--only) must not replace the full results.
const resultsFile = only ? join(workDir, 'RESULTS.partial.md') : join(projectRoot, 'bench/RESULTS.md');
writeFileSync(resultsFile, document);
if (!only) {
  // Biome formats markdown too (it pads the tables): format the file here so `npm run lint` stays clean.
  const biome = join(projectRoot, 'node_modules/.bin/biome');
  const formatted = spawnSync(biome, ['format', '--write', resultsFile], { cwd: projectRoot, encoding: 'utf8' });
  if (formatted.status !== 0) process.stderr.write(`biome format ${resultsFile} failed:\n${formatted.stderr}\n`);
}
process.stderr.write(`\nwrote ${resultsFile}${failed ? ` (${failed} script(s) failed)` : ''}\n`);
process.exitCode = failed ? 1 : 0;
