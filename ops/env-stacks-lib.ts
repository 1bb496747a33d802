// Pure logic behind `npm run plan|deploy|bootstrap -- <env>` and the deploy workflow's environment matrix:
// which stacks make up an environment and in what order, which environments the pipeline deploys and with which
// roles, and how a diff is summarized for the pull-request comment. It takes the config as arguments and never
// imports config/: ops/env-stacks.mjs bundles it together with config/ and does the I/O, and the tests pass fixtures.

import {
  type DeliveryInput,
  deliveryNames,
  deliveryRoleArn,
  sampleRepositoryProblem,
  validateDelivery,
} from '../lib/config/delivery';
import type { EnvironmentConfig, ProjectConfig } from '../lib/config/types';
import { selectEnvironments, validateProject } from '../lib/config/validate';
import { MINIMUM_TERRAFORM_VERSION } from '../lib/environment-stack';

export { sampleRepositoryProblem, validateDelivery, validateProject };

/** The parts of cdktf.out/manifest.json this module reads. */
export interface Manifest {
  readonly stacks: Readonly<Record<string, { readonly dependencies: readonly string[] }>>;
}

/** Thrown when an environment's stacks cannot be put in order; the message says why. */
export class StackOrderError extends Error {
  override readonly name = 'StackOrderError';
}

/** The environment a stack id belongs to: the longest environment name followed by `-` that prefixes it. */
export function environmentOfStack(stackId: string, environments: readonly string[]): string | undefined {
  return environments.filter((name) => stackId.startsWith(`${name}-`)).sort((a, b) => b.length - a.length)[0];
}

/**
 * The stacks of `environment` in an order where every stack comes after the stacks it depends on; among stacks
 * that could go next, manifest order decides, so the result is the same on every run.
 */
export function environmentStackIds(
  manifest: Manifest,
  environment: string,
  environments: readonly string[],
): string[] {
  const ids = Object.keys(manifest.stacks).filter((id) => environmentOfStack(id, environments) === environment);
  if (ids.length === 0) {
    throw new StackOrderError(`no stack of environment "${environment}" in the manifest; did synth run for it?`);
  }
  const dependencies = new Map<string, readonly string[]>();
  for (const id of ids) {
    const deps = manifest.stacks[id]?.dependencies ?? [];
    const foreign = deps.filter((dep) => !ids.includes(dep));
    if (foreign.length > 0) {
      throw new StackOrderError(
        `stack ${id} depends on ${foreign.join(', ')}, outside environment "${environment}": an environment must deploy on its own`,
      );
    }
    dependencies.set(id, deps);
  }
  const ordered: string[] = [];
  while (ordered.length < ids.length) {
    const next = ids.find(
      (id) => !ordered.includes(id) && (dependencies.get(id) ?? []).every((dep) => ordered.includes(dep)),
    );
    if (!next) {
      const stuck = ids.filter((id) => !ordered.includes(id));
      throw new StackOrderError(`stacks ${stuck.join(', ')} depend on each other in a cycle`);
    }
    ordered.push(next);
  }
  return ordered;
}

/** Validates `name` against the config; throws ConfigError listing the known environments. */
export function requireEnvironment(project: ProjectConfig, name: string | undefined): EnvironmentConfig {
  const [environment] = selectEnvironments(project, [name ?? '']);
  if (!environment) throw new Error(`environment "${name}" not found`);
  return environment;
}

/** Scopes the GitHub token of `npm run bootstrap` needs (docs/delivery.md, "Bootstrap"). */
export const GITHUB_TOKEN_SCOPES =
  'a fine-grained token for the repository with Administration and Actions read and write (plus organization Members read when reviewers name teams), or a classic token with the repo and read:org scopes';

/**
 * Why `npm run bootstrap` cannot start, in one line, or undefined: no delivery settings, the sample repository, or
 * no GITHUB_TOKEN for the github stack (checked before Terraform asks for approval, not halfway through).
 */
export function bootstrapPreflight(
  delivery: DeliveryInput | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (!delivery) return 'deliveryConfig is undefined in config/delivery.ts: set the GitHub repository first';
  const sample = sampleRepositoryProblem(delivery);
  if (sample) return sample;
  if (!env.GITHUB_TOKEN?.trim()) {
    return `GITHUB_TOKEN is not set: the bootstrap also applies the github stack (environments, reviewers, OIDC subject template); export GITHUB_TOKEN with ${GITHUB_TOKEN_SCOPES}`;
  }
  return undefined;
}

/** One environment as the deploy workflow's matrix sees it. */
export interface PipelineEnvironment {
  /** Environment name: also the GitHub environment the deploy job is bound to. */
  readonly name: string;
  readonly region: string;
  readonly production: boolean;
  /** Role the deploy job assumes (created by the bootstrap stack). */
  readonly deployRoleArn: string;
  /** Read-only role the pull-request diff job assumes. */
  readonly planRoleArn: string;
  /** Position in the promotion order, from 1; orders the diff comment. */
  readonly order: number;
}

/** What the workflow deploys, and what it leaves out and why. */
export interface PipelineMatrix {
  readonly include: readonly PipelineEnvironment[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * The environments the pipeline deploys, in promotion order: non-production environments in config order, then
 * production ones, so prod is always last. An environment without a stateBucket is skipped (CI cannot keep local
 * state), and so is every environment when delivery is not configured or still names the sample repository (the
 * template's own workflow runs then, and has no roles to assume).
 */
export function pipelineMatrix(project: ProjectConfig, delivery: DeliveryInput | undefined): PipelineMatrix {
  const ordered = [
    ...project.environments.filter((e) => !e.production),
    ...project.environments.filter((e) => e.production),
  ];
  if (delivery === undefined) {
    return {
      include: [],
      skipped: ordered.map((e) => ({ name: e.name, reason: 'deliveryConfig is undefined in config/delivery.ts' })),
    };
  }
  const sample = sampleRepositoryProblem(delivery);
  if (sample !== undefined) {
    return { include: [], skipped: ordered.map((e) => ({ name: e.name, reason: sample })) };
  }
  const include: PipelineEnvironment[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const environment of ordered) {
    if (!environment.stateBucket) {
      skipped.push({
        name: environment.name,
        reason: `no stateBucket: run \`npm run bootstrap -- ${environment.name}\`, then set stateBucket in config/environments.ts`,
      });
      continue;
    }
    include.push({
      name: environment.name,
      region: environment.region,
      production: environment.production,
      deployRoleArn: deliveryRoleArn(
        environment.accountId,
        deliveryNames.deployRole(project.name, environment.name),
        environment.region,
      ),
      planRoleArn: deliveryRoleArn(environment.accountId, deliveryNames.planRole(project.name), environment.region),
      order: include.length + 1,
    });
  }
  return { include, skipped };
}

/** The backend block of a synthesized stack, as far as this module reads it. */
export interface SynthesizedBackend {
  readonly terraform?: { readonly backend?: Readonly<Record<string, unknown>> };
}

/** Why a stack cannot be deployed from CI, or undefined when it can: CI forgets local state after every job. */
export function ciBackendProblem(stackId: string, stack: SynthesizedBackend): string | undefined {
  const backends = Object.keys(stack.terraform?.backend ?? { local: {} });
  if (backends.includes('s3')) return undefined;
  return `stack ${stackId} keeps its state in a ${backends.join(', ')} backend, which a CI job throws away: set stateBucket for the environment (see docs/delivery.md, "Bootstrap")`;
}

/** The result of `cdktf diff` for one stack. */
export interface StackDiff {
  readonly stack: string;
  readonly ok: boolean;
  readonly output: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matches the ESC of terminal control sequences
const TERMINAL_CONTROL = /\u001b\[[0-9;?]*[A-Za-z]/g;
/** cdktf's progress spinner (braille frames) redraws a line many times; the log does not need it. */
const SPINNER_LINE = /^\s*[\u2800-\u28ff]\s.*$\n?/gm;

/** Terminal output as plain text: no colours or cursor moves, no spinner frames. */
export function plainText(output: string): string {
  return output.replace(TERMINAL_CONTROL, '').replace(SPINNER_LINE, '');
}

/** One line for a stack: the Terraform plan counts, "no changes", or the failure. */
export function planSummary(diff: StackDiff): string {
  const text = plainText(diff.output);
  if (!diff.ok) return 'failed: see the job log';
  const counts = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(text);
  if (counts) return `${counts[1]} to add, ${counts[2]} to change, ${counts[3]} to destroy`;
  if (/No changes\./.test(text)) return 'no changes';
  return 'finished without a plan summary: see the job log';
}

/** Longest part of one stack's output shown in the comment; the job log has the rest. */
const OUTPUT_LIMIT = 12_000;

/** The Markdown section of one environment in the pull-request comment. */
export function diffMarkdown(environment: string, diffs: readonly StackDiff[]): string {
  const lines = [`#### ${environment}`, '', '| stack | plan |', '| --- | --- |'];
  for (const diff of diffs) lines.push(`| \`${diff.stack}\` | ${planSummary(diff)} |`);
  for (const diff of diffs) {
    let text = plainText(diff.output).trim();
    if (text.length > OUTPUT_LIMIT)
      text = `… (first ${text.length - OUTPUT_LIMIT} characters cut)\n${text.slice(-OUTPUT_LIMIT)}`;
    // A fence inside the output would end the code block early and let the rest render as Markdown.
    text = text.replaceAll('```', '`\u200b``');
    lines.push('', `<details><summary>${diff.stack}</summary>`, '', '```', text, '```', '', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

/** `1.11.4` from `1.11.4`, `v1.11.4` or `1.12.0-beta1`; undefined when the text holds no version. */
function versionParts(version: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Whether `version` is at least `minimum` (both `major.minor.patch`). */
export function versionAtLeast(version: string, minimum: string): boolean {
  const have = versionParts(version);
  const want = versionParts(minimum);
  if (!have || !want) return false;
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (want[i] ?? 0)) return (have[i] ?? 0) > (want[i] ?? 0);
  }
  return true;
}

/** The version in what `terraform version -json` printed (its plain-text line on CLIs without -json); '' when none. */
export function terraformVersionFrom(stdout: string): string {
  try {
    return String(JSON.parse(stdout).terraform_version ?? '');
  } catch {
    return /Terraform v(\S+)/.exec(stdout)?.[1] ?? '';
  }
}

/** Why this Terraform version cannot run the stacks (one line), or undefined when it can. */
export function terraformVersionProblem(version: string): string | undefined {
  if (versionAtLeast(version, MINIMUM_TERRAFORM_VERSION)) return undefined;
  return `terraform ${version || '(unknown version)'} is too old: the stacks need >= ${MINIMUM_TERRAFORM_VERSION} (S3 native state locking); install a newer Terraform`;
}

/** What preflight asks the machine; env-stacks.mjs passes the real probes, tests pass fakes. */
export interface PreflightProbes {
  /** `terraform version` on PATH, or undefined when there is no terraform. */
  readonly terraformVersion: () => string | undefined;
  /** The account of the credentials the AWS SDK finds (STS GetCallerIdentity); rejects without credentials. */
  readonly callerAccount: () => Promise<string>;
}

/**
 * Checks before plan, deploy, bootstrap and destroy: a Terraform CLI the stacks accept, and credentials for the
 * environment's account (the provider's allowed_account_ids would refuse any other, after minutes of init).
 * Returns one line per problem; empty when everything is in place.
 */
export async function preflightProblems(environment: EnvironmentConfig, probes: PreflightProbes): Promise<string[]> {
  const problems: string[] = [];
  const version = probes.terraformVersion();
  if (version === undefined) {
    problems.push(
      `terraform is not on PATH: install Terraform >= ${MINIMUM_TERRAFORM_VERSION} (https://developer.hashicorp.com/terraform/install)`,
    );
  } else {
    const problem = terraformVersionProblem(version);
    if (problem) problems.push(problem);
  }
  try {
    const account = await probes.callerAccount();
    if (account !== environment.accountId) {
      problems.push(
        `the AWS credentials are for account ${account}, but environment "${environment.name}" deploys into ${environment.accountId}: switch to credentials for ${environment.accountId} (e.g. AWS_PROFILE)`,
      );
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    problems.push(
      `no usable AWS credentials for environment "${environment.name}" (account ${environment.accountId}): ${reason} (log in, e.g. \`aws sso login\`, or set AWS_PROFILE)`,
    );
  }
  return problems;
}

/** The errors Terraform printed (its `Error: <summary>` lines), for a one-line cause of a failed diff. */
export function terraformErrors(output: string): string[] {
  const lines = plainText(output)
    .split('\n')
    .map((line) => line.replace(/^[\s│╷╵|]+/, '').trim());
  return [...new Set(lines.filter((line) => /^Error: /.test(line)).map((line) => line.slice('Error: '.length)))];
}

/** Why a stack's diff failed: Terraform's own errors, or the last lines of the output when it printed none. */
export function diffFailureCause(diff: StackDiff): string {
  const errors = terraformErrors(diff.output);
  if (errors.length > 0) return errors.join('; ');
  const tail = plainText(diff.output).trim().split('\n').filter(Boolean).slice(-3).join(' / ');
  return tail ? `no Terraform error printed; last output: ${tail}` : 'no output (see the job log)';
}

/** How `npm run destroy` was asked to go ahead. */
export interface DestroyRequest {
  /** `--allow-production` was given. */
  readonly allowProduction: boolean;
  /** The name typed at the prompt, or given with `--confirm <env>`; undefined when neither happened. */
  readonly confirmation?: string;
}

/** Why destroy must not go ahead (one line), or undefined when it may. */
export function destroyRefusal(environment: EnvironmentConfig, request: DestroyRequest): string | undefined {
  if (environment.production && !request.allowProduction) {
    return `environment "${environment.name}" is production: pass --allow-production to destroy it (its database also needs deletion protection turned off first)`;
  }
  if (request.confirmation === undefined) {
    return `not confirmed: run it in a terminal and type "${environment.name}", or pass --confirm ${environment.name}`;
  }
  if (request.confirmation.trim() !== environment.name) {
    return `confirmation "${request.confirmation.trim()}" does not match environment "${environment.name}": nothing was destroyed`;
  }
  return undefined;
}
