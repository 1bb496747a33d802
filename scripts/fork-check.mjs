#!/usr/bin/env node
// `npm run fork-check`: does the starter survive a team's first edits? Copies the checkout to a temp folder (with
// node_modules hard-linked and .venv symlinked), edits config/ there as a forking team would, and runs
//   npm run synth && npm test && npm run scan
// in the copy. The edits: rename the project, add a `qa` environment (own account, every endpoint, listed API
// invokers, Standard Webhooks), switch the database on in dev, set staging's webhook scheme to stripe, set the
// GitHub owner; and a few more: S3 state for the production environment, immutable-id OIDC subjects, shorter dev logs.
//
//   --break=config     also write an invalid CIDR into qa: must fail (synth)
//   --break=retention  also give the production environment 30-day logs: must fail (scan, CKV_AWS_338)
//   --break=code       also turn key rotation off in stacks/: must fail (guardrails, tests)
//   --only=synth,test  run only these steps (synth, test, scan)
//   --keep             keep the temp folder (always kept on failure)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) =>
  args.find((a) => a.startsWith(`--${name}`))?.split('=')[1] ?? (args.includes(`--${name}`) || undefined);
const broken = flag('break');
const only = typeof flag('only') === 'string' ? flag('only').split(',') : ['synth', 'test', 'scan'];
const BREAKS = ['config', 'retention', 'code'];
if (broken !== undefined && !BREAKS.includes(broken)) {
  process.stderr.write(`fork-check: --break must be one of ${BREAKS.join(', ')}\n`);
  process.exit(2);
}

/**
 * The checkout's files as git sees them (tracked and new, not ignored), copied into `target`, with node_modules
 * hard-linked (a symlink would make esbuild's source maps and the SBOMs point outside the copy) and, with `venv`,
 * .venv symlinked. Returns how many files it copied.
 */
export function copyCheckout(target, { venv = true } = {}) {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const files = listed.stdout.split('\0').filter((f) => f && existsSync(join(projectRoot, f)));
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(projectRoot, file), join(target, file));
  }
  const modules = join(projectRoot, 'node_modules');
  if (existsSync(modules) && spawnSync('cp', ['-al', modules, join(target, 'node_modules')]).status !== 0) {
    rmSync(join(target, 'node_modules'), { recursive: true, force: true });
    symlinkSync(modules, join(target, 'node_modules')); // another file system: no hard links
  }
  if (venv && existsSync(join(projectRoot, '.venv'))) symlinkSync(join(projectRoot, '.venv'), join(target, '.venv'));
  return files.length;
}

/** The copy's config values, by bundling its config/ like the app does. */
async function readConfig(root) {
  const outfile = join(root, 'dist/fork-check/config.cjs');
  await build({
    stdin: {
      contents:
        "export { projectConfig } from './config/environments';\nexport { deliveryConfig } from './config/delivery';",
      resolveDir: root,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}

/** The first environment `pick` accepts, by name first, else by its settings. */
function environmentNamed(environments, name, fallback) {
  if (environments[name]) return name;
  const found = Object.entries(environments).find(([, env]) => fallback(env));
  if (!found) throw new Error(`fork-check: no environment like "${name}" in config/environments.ts`);
  return found[0];
}

/** The team's edits, on plain objects: returns the new project and delivery settings. */
export function forkEdits(project, delivery) {
  const environments = structuredClone(project.environments);
  const nonProduction = (env) => !env.production;
  const dev = environmentNamed(environments, 'dev', nonProduction);
  const staging = environmentNamed(environments, 'staging', (env) => nonProduction(env) && env !== environments[dev]);
  const production = Object.keys(environments).find((n) => environments[n].production);
  const name = 'forked';
  const region = environments[dev].region;
  const usedAccounts = new Set(Object.values(environments).map((e) => e.accountId));
  const qaAccount = ['444444444444', '555555555555', '666666666666'].find((a) => !usedAccounts.has(a));

  // The five edits of the issue.
  environments[dev] = { ...environments[dev], database: { ...environments[dev].database, enabled: true } };
  environments[staging] = { ...environments[staging], webhook: { ...environments[staging].webhook, scheme: 'stripe' } };
  environments.qa = {
    accountId: qaAccount,
    region,
    cidr: '10.250.0.0/16',
    azCount: 2,
    vpcEndpoints: ['secretsmanager', 'kms', 'ssm', 'sts', 'xray', 'logs'],
    logRetentionDays: 30,
    webhook: { scheme: 'standard-webhooks' },
    api: { invokerTrustedPrincipals: [`arn:aws:iam::${qaAccount}:role/${name}-qa-smoke-tests`] },
    database: { enabled: false },
  };
  // A few more a team makes early: shorter dev logs, S3 state where production lives.
  environments[dev].logRetentionDays = 7;
  if (production) {
    const account = environments[production].accountId;
    for (const env of Object.values(environments)) {
      if (env.accountId === account) env.stateBucket = `${name}-tfstate-${account}`;
    }
  }
  const github = {
    ...(delivery?.github ?? { repository: 'infra' }),
    owner: 'forked-org',
    subjectFormat: 'immutable-id',
    ownerId: '40000001',
    repositoryId: '800000002',
  };
  return { project: { ...project, name, environments }, delivery: { ...delivery, github } };
}

/** Replaces the value of `export const <name>... = {...};` in `source` with `value` as JSON. */
function replaceExport(source, name, value) {
  const start = source.indexOf(`export const ${name}`);
  const open = source.indexOf('{', source.indexOf('=', start));
  let depth = 0;
  let end = open;
  for (; end < source.length; end += 1) {
    if (source[end] === '{') depth += 1;
    if (source[end] === '}' && --depth === 0) break;
  }
  if (start < 0 || depth !== 0) throw new Error(`fork-check: cannot find export const ${name} = {...}`);
  return `${source.slice(0, open)}${JSON.stringify(value, null, 2)}${source.slice(end + 1)}`;
}

function applyBreak(root, project) {
  if (broken === 'config') project.environments.qa.cidr = '10.250.0.0/33';
  if (broken === 'retention') {
    const production = Object.values(project.environments).find((e) => e.production);
    if (production) production.logRetentionDays = 30;
  }
  if (broken === 'code') {
    const file = join(root, 'stacks/constructs/environment-key.ts');
    const text = readFileSync(file, 'utf8');
    if (!text.includes('enableKeyRotation: true')) throw new Error('fork-check: enableKeyRotation: true not found');
    writeFileSync(file, text.replace('enableKeyRotation: true', 'enableKeyRotation: false'));
  }
}

function step(root, name, command, commandArgs) {
  const started = performance.now();
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', FC_SEED: process.env.FC_SEED ?? '20261125', CI: 'true' },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  process.stdout.write(`fork-check: ${name} ${ok ? 'passed' : 'FAILED'} (${seconds} s)\n`);
  if (!ok) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n');
    process.stdout.write(`${output.slice(-60).join('\n')}\n`);
  }
  return ok;
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'fork-check-'));
  const files = copyCheckout(root);
  const { projectConfig, deliveryConfig } = await readConfig(root);
  const { project, delivery } = forkEdits(projectConfig, deliveryConfig);
  applyBreak(root, project);
  const environmentsFile = join(root, 'config/environments.ts');
  const deliveryFile = join(root, 'config/delivery.ts');
  writeFileSync(environmentsFile, replaceExport(readFileSync(environmentsFile, 'utf8'), 'projectConfig', project));
  writeFileSync(deliveryFile, replaceExport(readFileSync(deliveryFile, 'utf8'), 'deliveryConfig', delivery));
  process.stdout.write(
    `fork-check: ${files} files copied to ${root}; project "${project.name}", environments ${Object.keys(project.environments).join(', ')}` +
      `${broken ? `, deliberately broken (${broken})` : ''}\n`,
  );

  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const steps = {
    synth: () => step(root, 'npm run synth', npm, ['run', '--silent', 'synth']),
    test: () => step(root, 'npm test', npm, ['test', '--silent']),
    scan: () => step(root, 'npm run scan', npm, ['run', '--silent', 'scan', '--', '--no-synth']),
  };
  let ok = true;
  for (const name of only) {
    if (!steps[name]) throw new Error(`fork-check: unknown step "${name}" (synth, test, scan)`);
    ok = steps[name]() && ok;
    if (!ok) break;
  }
  if (ok && !flag('keep')) rmSync(root, { recursive: true, force: true });
  else process.stdout.write(`fork-check: the copy is in ${root}\n`);
  process.stdout.write(`fork-check: ${ok ? 'green' : 'RED'}\n`);
  process.exit(ok ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
