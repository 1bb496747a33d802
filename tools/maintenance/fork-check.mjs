#!/usr/bin/env node
// `npm run fork-check`: does the starter survive a team's first edits? Copies the checkout to a temp folder (with
// node_modules hard-linked and .venv symlinked), edits config/ there as a forking team would, and runs
//   npm run synth && npm test && npm run scan
// in the copy. The edits: rename the project, add a `qa` environment (own account, every endpoint, listed API
// invokers, Standard Webhooks), switch the database on in dev, set staging's webhook scheme to stripe, set the
// GitHub owner; and a few more: S3 state for the production environment, immutable-id OIDC subjects, shorter dev logs.
// Then the walks that add code, each applying the snippets of docs/extending.md, the walkthroughs the README's
// "Make it yours" links to (found by their `fork-check:` markers):
//   function  "Add a function": functions/report/handler.ts, and in the app stack a new secret and the function
//             reading it and the settings parameter through grants (then the documented summary refresh)
//   resource  "Add a resource type": a DynamoDB table in the app stack; where the permissions table lacks
//             aws_dynamodb_table, synth must first fail naming the file, then the page's entry is added (a table
//             that already has the entry keeps it: the walk still adds the table and must stay green)
//
//   --break=config     also write an invalid CIDR into qa: must fail (synth)
//   --break=retention  also give the production environment 30-day logs: must fail (scan, CKV_AWS_338)
//   --break=code       also turn key rotation off in stacks/: must fail (guardrails, tests)
//   --only=synth,test  run only these steps (synth, test, scan)
//   --walks=function   run only these walks (function, resource; --walks= for none)
//   --keep             keep the temp folder (always kept on failure)
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWithConfig } from '../build/with-config.mjs';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const flag = (name) =>
  args.find((a) => a.startsWith(`--${name}`))?.split('=')[1] ?? (args.includes(`--${name}`) || undefined);
const broken = flag('break');
const only = typeof flag('only') === 'string' ? flag('only').split(',') : ['synth', 'test', 'scan'];
const BREAKS = ['config', 'retention', 'code'];
const WALKS = ['function', 'resource'];
// A deliberate break tests that synth, the tests or the scan catch it: no walks then, unless asked for.
const walks =
  typeof flag('walks') === 'string'
    ? flag('walks').split(',').filter(Boolean)
    : flag('walks') || broken !== undefined
      ? []
      : WALKS;
const unknownWalk = walks.find((w) => !WALKS.includes(w));
if (unknownWalk !== undefined) {
  process.stderr.write(`fork-check: --walks takes ${WALKS.join(', ')}, not "${unknownWalk}"\n`);
  process.exit(2);
}
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
function readConfig(root) {
  return loadWithConfig(root, 'dist/fork-check/config.cjs');
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
    const file = join(root, 'lib/constructs/environment-key.ts');
    const text = readFileSync(file, 'utf8');
    if (!text.includes('enableKeyRotation: true')) throw new Error('fork-check: enableKeyRotation: true not found');
    writeFileSync(file, text.replace('enableKeyRotation: true', 'enableKeyRotation: false'));
  }
}

/** The page whose `fork-check:` snippets the walks apply, relative to the checkout. */
export const SNIPPET_PAGE = 'docs/extending.md';

/** The text of the snippet page in the checkout at `root`, or an error naming the page. */
function readSnippetPage(root) {
  const file = join(root, SNIPPET_PAGE);
  if (!existsSync(file)) throw new Error(`fork-check: ${SNIPPET_PAGE}, whose snippets the walks apply, is missing`);
  return readFileSync(file, 'utf8');
}

/**
 * The code block after `<!-- fork-check:<name> -->` in `markdown` (the text of `page`, which errors name), without
 * the indentation of its list item: the walks apply exactly what the documentation shows.
 */
export function pageSnippet(markdown, name, page = SNIPPET_PAGE) {
  const marker = `<!-- fork-check:${name} -->`;
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`fork-check: ${page} has no ${marker}`);
  const match = /^([ \t]*)```[a-z]*\n([\s\S]*?)\n[ \t]*```/m.exec(markdown.slice(at + marker.length));
  if (!match) throw new Error(`fork-check: no code block after ${marker} in ${page}`);
  const indent = match[1] ?? '';
  return (match[2] ?? '')
    .split('\n')
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
    .join('\n');
}

/** A snippet's target (its first line, `// <path>`), its import lines and the rest. */
export function splitSnippet(snippet) {
  const [first = '', ...rest] = snippet.split('\n');
  const path = /^\/\/ ([\w./-]+)$/.exec(first.trim())?.[1];
  if (!path) throw new Error(`fork-check: a snippet must start with "// <file>", not "${first}"`);
  const imports = rest.filter((line) => line.startsWith('import '));
  const body = rest
    .filter((line) => !line.startsWith('import '))
    .join('\n')
    .trim();
  return { path, imports, body };
}

/** Adds the snippet's imports (those missing) after the file's last import, and its body before `anchor`. */
export function insertSnippet(source, snippet, anchor) {
  const { imports, body } = splitSnippet(snippet);
  const at = source.indexOf(anchor);
  if (at < 0) throw new Error(`fork-check: "${anchor.trim()}" not found to insert the snippet before`);
  const indent = /[ \t]*$/.exec(source.slice(0, at))?.[0] ?? '';
  const lineStart = at - indent.length;
  const indented = body
    .split('\n')
    .map((line) => (line ? `${indent}${line}` : line))
    .join('\n');
  let text = `${source.slice(0, lineStart)}${indented}\n\n${source.slice(lineStart)}`;
  const missing = imports.filter((line) => !text.includes(line));
  if (missing.length > 0) {
    const lines = text.split('\n');
    const last = lines.reduce((found, line, index) => (line.startsWith('import ') ? index : found), -1);
    // An import may span lines: insert after the statement that ends on or after the last `import` line.
    let end = last;
    while (end >= 0 && end < lines.length - 1 && !/;\s*$/.test(lines[end] ?? '')) end += 1;
    lines.splice(end + 1, 0, ...missing);
    text = lines.join('\n');
  }
  return text;
}

/** Registers a new permissions file (`export const <name>: PermissionTable`) in the table's index. */
export function registerPermissionFile(indexSource, fileBase, exportName) {
  const importLine = `import { ${exportName} } from './${fileBase}';`;
  if (indexSource.includes(importLine)) return indexSource;
  const files = indexSource.indexOf('export const PERMISSION_FILES');
  const close = indexSource.indexOf('\n};', files);
  if (files < 0 || close < 0) throw new Error('fork-check: PERMISSION_FILES not found in the permissions index');
  const withEntry = `${indexSource.slice(0, close)}\n  ${fileBase}: ${exportName},${indexSource.slice(close)}`;
  return withEntry.replace('import type { PermissionScope', `${importLine}\nimport type { PermissionScope`);
}

/** "Add a function": the page's handler and stack snippets, then the documented summary refresh. */
function walkAddFunction(root, markdown) {
  const handler = splitSnippet(pageSnippet(markdown, 'function-handler'));
  const handlerText = `${[...handler.imports, '', handler.body].join('\n')}\n`;
  mkdirSync(dirname(join(root, handler.path)), { recursive: true });
  writeFileSync(join(root, handler.path), handlerText);
  const stackSnippet = pageSnippet(markdown, 'function-stack');
  const stackFile = join(root, splitSnippet(stackSnippet).path);
  writeFileSync(stackFile, insertSnippet(readFileSync(stackFile, 'utf8'), stackSnippet, 'this.outputs = {'));
  return [handler.path, splitSnippet(stackSnippet).path];
}

/** Whether the copy's permissions table already has an entry for `type`. */
function tableHas(root, type) {
  const dir = join(root, 'lib/delivery-permissions');
  return readdirSync(dir).some(
    (file) => file.endsWith('.ts') && readFileSync(join(dir, file), 'utf8').includes(`${type}: {`),
  );
}

/**
 * "Add a resource type": the page's table snippet; where the permissions table lacks the type, synth must fail
 * naming the file the page names, and then the page's entry and its registration make it green.
 */
function walkAddResourceType(root, markdown, npm) {
  const stackSnippet = pageSnippet(markdown, 'resource-stack');
  const stackFile = join(root, splitSnippet(stackSnippet).path);
  writeFileSync(stackFile, insertSnippet(readFileSync(stackFile, 'utf8'), stackSnippet, 'this.outputs = {'));
  const permissions = splitSnippet(pageSnippet(markdown, 'resource-permissions'));
  const type = /\n\s*(aws_[a-z0-9_]+): \{/.exec(`\n${permissions.body}`)?.[1];
  if (!type) throw new Error(`fork-check: the permissions snippet of ${SNIPPET_PAGE} names no resource type`);
  if (tableHas(root, type)) {
    process.stdout.write(`fork-check: the permissions table already has ${type}; the walk adds only the table\n`);
    return true;
  }
  const refused = spawnSync(npm, ['run', '--silent', 'synth'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  const said = `${refused.stdout ?? ''}${refused.stderr ?? ''}`;
  const expected = `the app uses ${type}, which the deploy permissions table lacks: add an entry for it to ${permissions.path}`;
  const named = refused.status !== 0 && said.includes(expected);
  process.stdout.write(
    `fork-check: synth without the ${type} entry ${named ? 'names' : 'does NOT name'} ${permissions.path}\n`,
  );
  if (!named) {
    process.stdout.write(`${said.trim().split('\n').slice(-20).join('\n')}\n`);
    return false;
  }
  writeFileSync(join(root, permissions.path), `${[...permissions.imports, '', permissions.body].join('\n')}\n`);
  const exportName = /export const (\w+)/.exec(permissions.body)?.[1];
  const fileBase = permissions.path.split('/').pop()?.replace(/\.ts$/, '');
  if (!exportName || !fileBase)
    throw new Error(`fork-check: the permissions snippet of ${SNIPPET_PAGE} exports no table`);
  const index = join(root, 'lib/delivery-permissions/index.ts');
  writeFileSync(index, registerPermissionFile(readFileSync(index, 'utf8'), fileBase, exportName));
  // The page's key-policy step: the service that encrypts with the environment key goes in KEY_USER_SERVICES.
  const keyFile = join(root, 'lib/constructs/environment-key.ts');
  const service = fileBase; // the table's file is named for the service, as its kms:ViaService prefix is
  const keyText = readFileSync(keyFile, 'utf8');
  const services = /KEY_USER_SERVICES = \[([^\]]*)\]/.exec(keyText);
  if (services && !services[1]?.includes(`'${service}'`)) {
    writeFileSync(keyFile, keyText.replace(services[0], `KEY_USER_SERVICES = [${services[1]}, '${service}']`));
  }
  return true;
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
  const snippets = walks.length > 0 ? readSnippetPage(root) : '';
  let walked = true;
  if (walks.includes('function')) {
    const edited = walkAddFunction(root, snippets);
    process.stdout.write(`fork-check: walk "add a function" wrote ${edited.join(', ')} from ${SNIPPET_PAGE}\n`);
  }
  if (walks.includes('resource')) walked = walkAddResourceType(root, snippets, npm) && walked;
  // As a team's editor (or `npm run format`) would: the snippets' imports land in the files' import order.
  if (walks.length > 0) walked = step(root, 'npm run format', npm, ['run', '--silent', 'format']) && walked;
  const steps = {
    synth: () => step(root, 'npm run synth', npm, ['run', '--silent', 'synth']),
    test: () => step(root, 'npm test', npm, ['test', '--silent']),
    scan: () => step(root, 'npm run scan', npm, ['run', '--silent', 'scan', '--', '--no-synth']),
  };
  let ok = walked;
  for (const name of ok ? only : []) {
    if (!steps[name]) throw new Error(`fork-check: unknown step "${name}" (synth, test, scan)`);
    ok = steps[name]() && ok;
    if (!ok) break;
    // The last step of "Add a function" (docs/extending.md): after synth, refresh the reviewed summary.
    if (name === 'synth' && walks.includes('function')) {
      ok =
        step(root, 'refresh the reviewed summary', 'npx', ['jest', '--selectProjects', 'synth', '-u', '--silent']) &&
        ok;
      if (!ok) break;
    }
  }
  if (ok && !flag('keep')) rmSync(root, { recursive: true, force: true });
  else process.stdout.write(`fork-check: the copy is in ${root}\n`);
  process.stdout.write(`fork-check: ${ok ? 'green' : 'RED'}\n`);
  process.exit(ok ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
