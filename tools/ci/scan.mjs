#!/usr/bin/env node
// `npm run scan`: synthesizes the app, runs checkov (pinned, from the project .venv) on cdktf.out with .checkov.yaml,
// and accepts a failed check only where .checkov-skips.yaml names it for that resource with a reason, and `when`
// the stack's config facts match (production, database, ...: tools/ci/scan-facts.ts), never by environment name.
// Fails on any other failed check and on parsing errors; warns about a skip entry that applied but matched nothing.
//   --no-synth   scan cdktf.out as it is (CI runs `npm run synth` just before)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadWithConfig } from '../build/with-config.mjs';
import { ensureVenv, venvBin } from '../python/ensure-venv.mjs';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = join(projectRoot, 'cdktf.out');
const configFile = join(projectRoot, '.checkov.yaml');
const skipsFile = join(projectRoot, '.checkov-skips.yaml');

/** `*` matches within one construct path segment, `**` any number of whole segments. */
export function globToRegExp(glob) {
  const segments = glob
    .split('/')
    .map((segment) => (segment === '**' ? '.*' : segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')));
  return new RegExp(`^${segments.join('/')}$`);
}

/** The config's facts per stack (tools/ci/scan-facts.ts with config/), bundled like the app so plain node can run it. */
export function loadFactsLib() {
  return loadWithConfig(projectRoot, 'dist/app/scan-facts.cjs', ['tools/ci/scan-facts']);
}

/** Reads and checks .checkov-skips.yaml: a list of { check, resources, when?, reason }. */
export function loadSkips(text, conditionProblem = () => undefined) {
  const entries = parse(text) ?? [];
  if (!Array.isArray(entries)) {
    throw new Error('.checkov-skips.yaml must be a list of { check, resources, when?, reason }');
  }
  return entries.map((entry, index) => {
    const where = `.checkov-skips.yaml entry ${index + 1}`;
    if (typeof entry?.check !== 'string' || !/^CKV2?_[A-Z]+_\d+$/.test(entry.check)) {
      throw new Error(`${where}: check must be a checkov id such as CKV_AWS_117`);
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 20) {
      throw new Error(`${where} (${entry.check}): give a reason of at least 20 characters`);
    }
    if (!Array.isArray(entry.resources) || entry.resources.length === 0) {
      throw new Error(
        `${where} (${entry.check}): list the construct paths it applies to in resources (use '**' for all)`,
      );
    }
    const problem = conditionProblem(entry.when);
    if (problem) throw new Error(`${where} (${entry.check}): ${problem}`);
    return { ...entry, patterns: entry.resources.map(globToRegExp), used: 0 };
  });
}

/**
 * A copy of the synthesized stacks checkov can parse: its terraform_json parser accepts only blocks inside
 * `terraform` and stops on a setting such as `required_version` (a string), losing the whole file. Those settings
 * carry no finding, so the copy leaves them out; everything else is scanned as written.
 */
export function checkovView(stackJson) {
  const terraform = Object.fromEntries(
    Object.entries(stackJson.terraform ?? {}).filter(([, value]) => value !== null && typeof value === 'object'),
  );
  return { ...stackJson, ...(stackJson.terraform ? { terraform } : {}) };
}

function writeCheckovInput(fromDir) {
  const dir = mkdtempSync(join(tmpdir(), 'scan-'));
  for (const id of readdirSync(join(fromDir, 'stacks'))) {
    const file = join(fromDir, 'stacks', id, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    mkdirSync(join(dir, 'stacks', id), { recursive: true });
    writeFileSync(
      join(dir, 'stacks', id, 'cdk.tf.json'),
      JSON.stringify(checkovView(JSON.parse(readFileSync(file, 'utf8')))),
    );
  }
  return dir;
}

/** Construct path of a checkov resource id (`resource.<name>` / `data.<name>`) in a synthesized stack. */
export function constructPathOf(stackJson, stackId, checkovResource) {
  const [block, ...rest] = checkovResource.split('.');
  const name = rest.join('.');
  const section = stackJson[block === 'data' ? 'data' : 'resource'] ?? {};
  for (const [type, instances] of Object.entries(section)) {
    const found = instances?.[name];
    if (found) return { path: found['//']?.metadata?.path ?? `${stackId}/${name}`, address: `${type}.${name}` };
  }
  return { path: `${stackId}/${name}`, address: checkovResource };
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}

async function main() {
  const started = performance.now();
  ensureVenv({ quiet: true });
  if (!process.argv.includes('--no-synth') || !existsSync(join(outdir, 'manifest.json'))) {
    const synth = run(process.execPath, [join(projectRoot, 'tools/build/app.mjs')], {
      cwd: projectRoot,
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (synth.status !== 0) {
      process.stderr.write(`scan: synth failed, nothing to scan:\n${synth.stderr || synth.stdout}`);
      process.exit(1);
    }
  }
  const synthesized = performance.now();

  const input = writeCheckovInput(outdir);
  const checkov = run(venvBin('checkov'), ['--directory', input, '--config-file', configFile], { cwd: projectRoot });
  rmSync(input, { recursive: true, force: true });
  const scanned = performance.now();
  let reports;
  try {
    reports = [JSON.parse(checkov.stdout)].flat();
  } catch {
    process.stderr.write(`scan: checkov did not print a JSON report (exit ${checkov.status}):\n${checkov.stderr}\n`);
    process.exit(1);
  }

  const facts = await loadFactsLib();
  const skips = loadSkips(readFileSync(skipsFile, 'utf8'), facts.conditionProblem);
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  const factsOf = facts.stackFacts(Object.keys(manifest.stacks), facts.projectConfig, facts.deliveryConfig);
  const stackJson = new Map();
  const failures = [];
  let passed = 0;
  let parsingErrors = 0;
  for (const report of reports) {
    passed += report.summary?.passed ?? 0;
    parsingErrors += report.summary?.parsing_errors ?? 0;
    for (const check of report.results?.failed_checks ?? []) {
      const stackId = check.file_path.split('/').at(-2);
      if (!stackJson.has(stackId)) {
        stackJson.set(stackId, JSON.parse(readFileSync(join(outdir, 'stacks', stackId, 'cdk.tf.json'), 'utf8')));
      }
      const { path, address } = constructPathOf(stackJson.get(stackId), stackId, check.resource);
      const skip = skips.find(
        (s) =>
          s.check === check.check_id &&
          s.patterns.some((p) => p.test(path)) &&
          facts.conditionHolds(s.when, factsOf[stackId]),
      );
      if (skip) skip.used += 1;
      else failures.push(`FAILED ${check.check_id} ${path} (${stackId}/${address}): ${check.check_name}`);
    }
  }

  for (const skip of skips.filter((s) => s.used > 0)) {
    process.stdout.write(`skipped ${skip.check} on ${skip.used} resource(s): ${skip.reason.trim()}\n`);
  }
  // An entry whose `when` holds for no stack is for a feature this config switches off (no database, access logs
  // on): silent. One that applied and matched nothing is a warning, not a failure: the finding may be fixed.
  const applies = (skip) => Object.values(factsOf).some((f) => facts.conditionHolds(skip.when, f));
  for (const skip of skips.filter((s) => s.used === 0 && applies(s))) {
    process.stdout.write(
      `warning: skip ${skip.check} (${skip.resources.join(', ')}) matched no failed check: remove it from .checkov-skips.yaml unless a switched-off feature needs it\n`,
    );
  }
  if (parsingErrors > 0) failures.push(`checkov could not parse ${parsingErrors} file(s)`);
  for (const failure of failures) process.stdout.write(`${failure}\n`);

  const skipped = skips.reduce((sum, s) => sum + s.used, 0);
  const seconds = (ms) => (ms / 1000).toFixed(1);
  process.stdout.write(
    `checkov ${reports[0]?.summary?.checkov_version ?? ''}: ${passed} passed, ${failures.length} failed, ${skipped} skipped ` +
      `(synth ${seconds(synthesized - started)} s, checkov ${seconds(scanned - synthesized)} s)\n`,
  );
  process.exit(failures.length > 0 ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
