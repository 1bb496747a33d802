#!/usr/bin/env node
// One environment's stacks, in dependency order, through the cdktf CLI: what CI runs is what a person runs.
//
//   npm run plan -- <env> [--markdown <file>]   synth, then `cdktf diff` of each stack in order
//   npm run deploy -- <env>                      synth, then `cdktf deploy <stacks...> --auto-approve`,
//                                                writing the stack outputs to outputs/<env>.json
//   npm run bootstrap -- <env> [cdktf args]      synth, then `cdktf deploy bootstrap` for <env>'s account and
//                                                `cdktf deploy github` (asks for approval; needs GITHUB_TOKEN;
//                                                e.g. pass --migrate-state)
//   npm run destroy -- <env> [--confirm <env>] [--allow-production]
//                                                synth, then `cdktf destroy` of each stack in reverse dependency
//                                                order, after typing the environment's name (or --confirm)
//   node ops/env-stacks.mjs matrix [--github-output <file>]
//                                                the deploy workflow's environments, as JSON
//
// Before plan, deploy, bootstrap and destroy a preflight checks Terraform (on PATH, >= 1.10) and that the AWS
// credentials are for the environment's account; each problem is one line.
//
// The logic lives in ops/env-stacks-lib.ts (unit-tested); this file does the I/O.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { loadWithConfig } from '../tools/build/with-config.mjs';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(projectRoot, 'cdktf.out');
const cdktf = join(projectRoot, 'node_modules/.bin/cdktf');
const USAGE = 'usage: npm run plan|deploy|bootstrap|destroy -- <environment>  (or: node ops/env-stacks.mjs matrix)';

/** A failure to report in one line, without a stack trace. */
class CliError extends Error {}

/** ops/env-stacks-lib.ts with the config it runs on (config/), bundled like the app so plain node can run it. */
function loadLib() {
  return loadWithConfig(projectRoot, 'dist/app/env-stacks-lib.cjs', ['ops/env-stacks-lib']);
}

function flag(args, name) {
  const index = args.indexOf(name);
  if (index === -1) return false;
  args.splice(index, 1);
  return true;
}

function option(args, name) {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new CliError(`${name} needs a value`);
  args.splice(index, 2);
  return value;
}

/** Synthesizes only `environment` (plus the bootstrap stack of its account) into cdktf.out. */
function synth(environment) {
  const result = spawnSync(process.execPath, [join(projectRoot, 'tools/build/app.mjs')], {
    cwd: projectRoot,
    env: { ...process.env, CDKTF_ENVIRONMENTS: environment, CHECKPOINT_DISABLE: '1' },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new CliError(`synth of ${environment} failed (see above)`);
  return JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
}

/** Runs cdktf with the output shown as it comes; resolves to its exit code and what it printed. */
function runCdktf(args, { capture = false } = {}) {
  return new Promise((done) => {
    const child = spawn(cdktf, args, {
      cwd: projectRoot,
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      stdio: ['inherit', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
        process.stderr.write(chunk);
      });
    }
    child.on('error', (error) => done({ code: 1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

function checkCiBackends(lib, manifest, stackIds) {
  if (process.env.CI !== 'true') return;
  for (const id of stackIds) {
    const stack = JSON.parse(readFileSync(join(outdir, manifest.stacks[id].synthesizedStackPath), 'utf8'));
    const problem = lib.ciBackendProblem(id, stack);
    if (problem) throw new CliError(problem);
  }
}

async function plan(lib, project, environment, args) {
  const markdown = option(args, '--markdown');
  const manifest = synth(environment);
  const names = project.environments.map((e) => e.name);
  const stackIds = lib.environmentStackIds(manifest, environment, names);
  checkCiBackends(lib, manifest, stackIds);
  const diffs = [];
  for (const stack of stackIds) {
    process.stdout.write(`\n== cdktf diff ${stack}\n`);
    const extra = markdown ? ['--no-color'] : [];
    const { code, output } = await runCdktf(['diff', stack, '--skip-synth', ...extra, ...args], { capture: true });
    diffs.push({ stack, ok: code === 0, output });
  }
  if (markdown) {
    mkdirSync(dirname(resolve(markdown)), { recursive: true });
    writeFileSync(markdown, lib.diffMarkdown(environment, diffs));
  }
  const failed = diffs.filter((d) => !d.ok);
  process.stdout.write(`\n${diffs.map((d) => `${d.stack}: ${lib.planSummary(d)}`).join('\n')}\n`);
  if (failed.length > 0) {
    throw new CliError(failed.map((d) => `cdktf diff of ${d.stack} failed: ${lib.diffFailureCause(d)}`).join('\n'));
  }
}

async function deploy(lib, project, environment, args) {
  const manifest = synth(environment);
  const stackIds = lib.environmentStackIds(
    manifest,
    environment,
    project.environments.map((e) => e.name),
  );
  checkCiBackends(lib, manifest, stackIds);
  mkdirSync(join(projectRoot, 'outputs'), { recursive: true });
  process.stdout.write(`deploying ${stackIds.join(' -> ')}\n`);
  const { code } = await runCdktf([
    'deploy',
    ...stackIds,
    '--auto-approve',
    '--skip-synth',
    '--outputs-file',
    join('outputs', `${environment}.json`),
    '--outputs-file-include-sensitive-outputs=false',
    ...args,
  ]);
  if (code !== 0) throw new CliError(`cdktf deploy of ${environment} failed (see above)`);
  process.stdout.write(`stack outputs written to outputs/${environment}.json\n`);
}

async function bootstrap(lib, project, environment, args) {
  const problem = lib.bootstrapPreflight(lib.deliveryConfig, process.env);
  if (problem) throw new CliError(problem);
  lib.validateDelivery(lib.deliveryConfig);
  const manifest = synth(environment);
  if (!manifest.stacks.bootstrap) throw new CliError('the synthesized app has no bootstrap stack');
  const { accountId } = project.environments.find((e) => e.name === environment);
  mkdirSync(join(projectRoot, 'outputs'), { recursive: true });
  const outputs = join('outputs', `bootstrap-${accountId}.json`);
  process.stdout.write(`bootstrapping account ${accountId} (the account of ${environment}); approve the plan below\n`);
  // The AWS side first, then the repository's: its OIDC subject template must not change before the roles match it.
  const { code } = await runCdktf(['deploy', 'bootstrap', '--skip-synth', '--outputs-file', outputs, ...args]);
  if (code !== 0) throw new CliError('cdktf deploy bootstrap failed (see above)');
  process.stdout.write(`bootstrap outputs written to ${outputs}\nsetting up the GitHub side; approve the plan below\n`);
  const github = await runCdktf(['deploy', 'github', '--skip-synth', ...args.filter((a) => a !== '--migrate-state')]);
  if (github.code !== 0) throw new CliError('cdktf deploy github failed (see above)');
}

/** The environment's name as typed at a prompt, or undefined when there is no terminal to ask on. */
async function askForName(environment) {
  if (!process.stdin.isTTY) return undefined;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await prompt.question(`type the environment name (${environment}) to destroy it: `);
  } finally {
    prompt.close();
  }
}

async function destroy(lib, project, environment, args) {
  const allowProduction = flag(args, '--allow-production');
  const confirm = option(args, '--confirm');
  const config = project.environments.find((e) => e.name === environment);
  const early = lib.destroyRefusal(config, { allowProduction, confirmation: environment });
  if (early) throw new CliError(early);
  await preflight(lib, project, environment);
  const manifest = synth(environment);
  const stackIds = lib.environmentStackIds(
    manifest,
    environment,
    project.environments.map((e) => e.name),
  );
  const order = [...stackIds].reverse();
  process.stdout.write(
    `this destroys every resource of ${environment} (account ${config.accountId}, ${config.region}): ${order.join(' -> ')}\n` +
      'what stays afterwards (KMS keys pending deletion, secrets in their recovery window, a final database snapshot in production): docs/deploy.md, "Tear down"\n',
  );
  const refusal = lib.destroyRefusal(config, {
    allowProduction,
    confirmation: confirm ?? (await askForName(environment)),
  });
  if (refusal) throw new CliError(refusal);
  for (const stack of order) {
    process.stdout.write(`\n== cdktf destroy ${stack}\n`);
    const { code } = await runCdktf([
      'destroy',
      stack,
      '--auto-approve',
      '--skip-synth',
      // The stacks that depend on this one are gone already (reverse order); cdktf would otherwise refuse.
      '--ignore-missing-stack-dependencies',
      ...args,
    ]);
    if (code !== 0)
      throw new CliError(`cdktf destroy of ${stack} failed (see above); the stacks before it are destroyed`);
  }
  process.stdout.write(`\n${environment} destroyed: ${order.join(', ')}\n`);
}

/** Terraform's version on PATH, or undefined without one. */
function terraformVersion(lib) {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) return undefined;
  return lib.terraformVersionFrom(result.stdout);
}

/** The account of the credentials the SDK finds, for the environment's region. */
async function callerAccount(region) {
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const client = new STSClient({ region, maxAttempts: 2 });
  try {
    const { Account } = await client.send(new GetCallerIdentityCommand({}));
    return String(Account);
  } finally {
    client.destroy();
  }
}

async function preflight(lib, project, environment) {
  const config = project.environments.find((e) => e.name === environment);
  const problems = await lib.preflightProblems(config, {
    terraformVersion: () => terraformVersion(lib),
    callerAccount: () => callerAccount(config.region),
  });
  if (problems.length > 0) throw new CliError(problems.map((p) => `preflight: ${p}`).join('\n'));
}

function matrix(lib, project, args) {
  const githubOutput = option(args, '--github-output');
  // Settings that still name the sample repository deploy nothing (pipelineMatrix says why) and are not checked.
  if (lib.deliveryConfig && !lib.sampleRepositoryProblem(lib.deliveryConfig)) lib.validateDelivery(lib.deliveryConfig);
  const { include, skipped } = lib.pipelineMatrix(project, lib.deliveryConfig);
  if (!githubOutput) {
    process.stdout.write(`${JSON.stringify({ include, skipped }, null, 2)}\n`);
    return;
  }
  // Workflow commands: a notice on the run's summary for each environment left out.
  for (const { name, reason } of skipped) process.stdout.write(`::notice title=${name} not deployed::${reason}\n`);
  appendFileSync(githubOutput, `matrix=${JSON.stringify({ include })}\ncount=${include.length}\n`);
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const lib = await loadLib();
  const project = lib.validateProject(lib.projectConfig);
  if (command === 'matrix') return matrix(lib, project, args);
  const commands = { plan, deploy, bootstrap, destroy };
  if (!(command in commands)) throw new CliError(USAGE);
  const environment = args.shift();
  if (!environment || environment.startsWith('--')) throw new CliError(USAGE);
  lib.requireEnvironment(project, environment);
  if (!existsSync(cdktf)) throw new CliError('node_modules/.bin/cdktf is missing: run `npm ci` first');
  // destroy refuses production before it asks the machine anything, then runs the same preflight itself.
  if (command !== 'destroy') await preflight(lib, project, environment);
  await commands[command](lib, project, environment, args);
}

main().catch((error) => {
  // Config and usage errors are for people: the message, no stack trace.
  const expected = error instanceof CliError || ['ConfigError', 'StackOrderError'].includes(error?.name);
  process.stderr.write(`${expected ? error.message : (error?.stack ?? error)}\n`);
  process.exit(expected ? 2 : 1);
});
