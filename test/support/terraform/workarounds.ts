// Every change the tests make to a synthesized stack before Terraform sees it, each with its reason, in one place.
// Nothing here changes what users deploy: the stacks in cdktf.out stay as synthesized.
//
// 1. Provider compatibility: arguments the stacks use that the provider Terraform installed does not know yet
//    (only when the registry is unreachable and an older mirror stands in). Each removal is reported.
// 2. Emulator (moto server): what moto needs, or gets wrong, to apply and destroy the stacks.
import { versionAtLeast } from '../../../ops/env-stacks-lib';
import type { StackJson } from '../synth';
import type { EmulatorClient } from './emulator-client';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

// ---------------------------------------------------------------------------------------------------------------
// 1. Provider compatibility
// ---------------------------------------------------------------------------------------------------------------

/** An argument the stacks set that older AWS providers reject. */
export interface NewerArgument {
  readonly resourceType: string;
  readonly argument: string;
  /** First provider version that knows the argument. */
  readonly since: string;
  /** What is lost when it is removed, for the report line. */
  readonly effect: string;
}

/** Every argument the stacks use that arrived after the oldest provider a mirror may hold. */
export const NEWER_ARGUMENTS: readonly NewerArgument[] = [
  {
    resourceType: 'aws_lambda_permission',
    argument: 'invoked_via_function_url',
    since: '6.28.0',
    effect: 'the public InvokeFunction statement is not limited to URL invocations in this run',
  },
];

/** A value the stacks set that older AWS providers' validation refuses, and the nearest value they accept. */
export interface NewerValue {
  readonly resourceType: string;
  readonly argument: string;
  readonly value: string;
  readonly replacement: string;
  /** First provider version that accepts the value. */
  readonly since: string;
}

/**
 * Every value the stacks use that the oldest mirror's validation refuses. nodejs24.x: the provider validates runtimes
 * against the AWS SDK's enum, which knows it from 6.20.0 (CHANGELOG, hashicorp/terraform-provider-aws#45024).
 */
export const NEWER_VALUES: readonly NewerValue[] = [
  {
    resourceType: 'aws_lambda_function',
    argument: 'runtime',
    value: 'nodejs24.x',
    replacement: 'nodejs22.x',
    since: '6.20.0',
  },
];

/**
 * Removes the arguments `providerVersion` does not know from `stack` (in place) and returns one line per removal:
 * what was removed, from which resource, and why.
 */
export function stripNewerArguments(stackId: string, stack: StackJson, providerVersion: string): string[] {
  const removed: string[] = [];
  const resources = (stack.resource ?? {}) as Resources;
  for (const { resourceType, argument, since, effect } of NEWER_ARGUMENTS) {
    if (versionAtLeast(providerVersion, since)) continue;
    for (const [name, body] of Object.entries(resources[resourceType] ?? {})) {
      if (!(argument in body)) continue;
      delete body[argument];
      removed.push(
        `${stackId}: removed ${resourceType}.${name}.${argument} (AWS provider ${since}+, installed ${providerVersion}): ${effect}`,
      );
    }
  }
  for (const { resourceType, argument, value, replacement, since } of NEWER_VALUES) {
    if (versionAtLeast(providerVersion, since)) continue;
    for (const [name, body] of Object.entries(resources[resourceType] ?? {})) {
      if (body[argument] !== value) continue;
      body[argument] = replacement;
      removed.push(
        `${stackId}: replaced ${resourceType}.${name}.${argument} ${value} with ${replacement} (AWS provider ${since}+, installed ${providerVersion})`,
      );
    }
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Emulator (moto server 5.2.x)
// ---------------------------------------------------------------------------------------------------------------

/** Services the stacks (and the checks) call, all served by moto on one endpoint. */
const EMULATED_SERVICES = [
  'budgets',
  'cloudwatch',
  'dynamodb',
  'ec2',
  'events',
  'iam',
  'kms',
  'lambda',
  'logs',
  'rds',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'ssm',
  'sts',
] as const;

/**
 * override.tf.json for every stack: the provider talks to moto with fake credentials. Terraform merges it into the
 * stack's own provider block, so `allowed_account_ids` still applies: moto must run as the environment's account
 * (MOTO_ACCOUNT_ID, see motoEnvironment).
 */
export function emulatorProviderOverride(endpoint: string): Record<string, unknown> {
  return {
    provider: {
      aws: {
        access_key: 'test',
        secret_key: 'test',
        skip_credentials_validation: true,
        skip_metadata_api_check: true,
        s3_use_path_style: true,
        endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, endpoint]))],
      },
    },
  };
}

/** moto answers as this account, or the provider's allowed_account_ids refuses it (moto's default is 123456789012). */
export function motoEnvironment(accountId: string): NodeJS.ProcessEnv {
  return { ...process.env, MOTO_ACCOUNT_ID: accountId };
}

/** POST /moto-api/config: no Docker here, so Lambda stores the code and never runs it. */
export const MOTO_CONFIG = { lambda: { use_docker: false }, batch: { use_docker: false } } as const;

/** The placeholder value of the emulator's seeded secret versions (never a real secret). */
export const SEEDED_SECRET_VALUE = 'emulator-placeholder-not-a-secret';

/**
 * Seeds a first version into every secret that has a rotation schedule, and makes the schedule wait for it.
 * Why: moto 5.2.5 answers RotateSecret on a secret without a value with a 500 (UnboundLocalError in rotate_secret),
 * which the provider retries until it times out. In AWS the first rotation creates the value, so the real stacks
 * have no aws_secretsmanager_secret_version (the value never passes through Terraform's state).
 */
export function seedSecretsBeforeRotation(stackId: string, stack: StackJson): string[] {
  const resources = (stack.resource ?? {}) as Resources;
  const rotations = resources.aws_secretsmanager_secret_rotation ?? {};
  const notes: string[] = [];
  for (const [name, rotation] of Object.entries(rotations)) {
    const secret = /^\$\{(aws_secretsmanager_secret\.[\w-]+)\.(arn|id)\}$/.exec(String(rotation.secret_id));
    if (!secret?.[1]) throw new Error(`${stackId}: cannot tell which secret ${name} rotates (${rotation.secret_id})`);
    const seedName = `emulator_seed_${name}`;
    resources.aws_secretsmanager_secret_version ??= {};
    // Write-only, as any secret version the template might create: its value never reaches the state file.
    resources.aws_secretsmanager_secret_version[seedName] = {
      secret_id: `\${${secret[1]}.id}`,
      secret_string_wo: SEEDED_SECRET_VALUE,
      secret_string_wo_version: 1,
    };
    rotation.depends_on = [
      ...((rotation.depends_on as string[]) ?? []),
      `aws_secretsmanager_secret_version.${seedName}`,
    ];
    notes.push(
      `${stackId}: seeded ${secret[1]} with a placeholder before ${name} (moto crashes rotating an empty secret)`,
    );
  }
  (stack as { resource?: Resources }).resource = resources;
  return notes;
}

/**
 * Local state instead of S3 in emulator runs: an environment with `stateBucket` keeps its state in the bucket the
 * bootstrap stack creates, which the emulator does not have (the bootstrap stack has tests of its own).
 * `localStatePath(stackId)` names each stack's state file.
 */
export function useLocalState(stack: StackJson, localStatePath: (stackId: string) => string, stackId: string): void {
  const terraform = (stack.terraform ?? {}) as { backend?: Record<string, unknown> };
  terraform.backend = { local: { path: localStatePath(stackId) } };
  (stack as { terraform?: Record<string, unknown> }).terraform = terraform;
  const remoteStates = (stack.data?.terraform_remote_state ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, remote] of Object.entries(remoteStates)) {
    const upstream = /^cross-stack-reference-input-(.+)$/.exec(name)?.[1];
    if (!upstream) throw new Error(`${stackId}: remote state ${name} is not a cross-stack reference`);
    remote.backend = 'local';
    remote.config = { path: localStatePath(upstream) };
  }
}

/**
 * A production database and a production webhook deliveries table have deletion protection, so their destroy stops
 * there, by design. The emulator run checks that it does, then lifts the protection the way an operator would
 * (ModifyDBInstance, UpdateTable) and destroys again.
 */
export const PRODUCTION_DATABASE_DESTROY =
  'production database or table: destroy refused by deletion protection (expected); protection lifted in the emulator to finish';

/**
 * Keeps one statement per id in every function's resource policy, as AWS does. Why: moto appends a statement whose
 * id the policy already has, where AWS refuses it (ResourceConflictException). The provider's aws_lambda_function_url
 * with auth NONE adds FunctionURLAllowPublicAccess itself and skips it when it exists, which the app stack relies on
 * (it declares that statement first); in moto the function ends up with two, and destroy removes one and then waits
 * forever for the id to disappear. The copies are identical, so which one stays does not matter.
 */
export async function dropDuplicatePolicyStatements(client: EmulatorClient): Promise<string[]> {
  const notes: string[] = [];
  const listed = await client.restGet<{ Functions?: { FunctionName: string }[] }>('lambda', '/2015-03-31/functions/');
  for (const { FunctionName } of listed?.Functions ?? []) {
    const policy = await client.restGet<{ Policy: string }>('lambda', `/2015-03-31/functions/${FunctionName}/policy`);
    if (!policy) continue;
    const ids = (JSON.parse(policy.Policy).Statement as { Sid?: string }[]).map((s) => s.Sid ?? '');
    const duplicates = ids.filter((id, index) => id && ids.indexOf(id) !== index);
    for (const id of duplicates) {
      await client.restDelete('lambda', `/2015-03-31/functions/${FunctionName}/policy/${id}`);
      notes.push(`${FunctionName}: removed the second ${id} statement (moto accepts a duplicate statement id)`);
    }
  }
  return notes;
}

/** Resource types moto cannot hold, why, and what the emulator run therefore leaves out. */
export const UNSUPPORTED_IN_EMULATOR: readonly { readonly resourceType: string; readonly reason: string }[] = [
  {
    resourceType: 'aws_budgets_budget',
    reason:
      'moto 5.2.5 has no Budgets ListTagsForResource, which the provider calls after creating a budget and retries until it times out; terraform validate in npm test still checks the budget',
  },
];

/**
 * Removes the resources of UNSUPPORTED_IN_EMULATOR from `stack` (in place), and the outputs that refer to them,
 * returning one line per removal.
 */
export function dropUnsupportedResources(stackId: string, stack: StackJson): string[] {
  const resources = (stack.resource ?? {}) as Resources;
  const outputs = (stack.output ?? {}) as Record<string, unknown>;
  const notes: string[] = [];
  for (const { resourceType, reason } of UNSUPPORTED_IN_EMULATOR) {
    for (const name of Object.keys(resources[resourceType] ?? {})) {
      const address = `${resourceType}.${name}`;
      for (const [output, body] of Object.entries(outputs)) {
        if (JSON.stringify(body).includes(`\${${address}.`)) delete outputs[output];
      }
      const dependents = Object.entries(resources).flatMap(([type, byName]) =>
        Object.entries(byName)
          .filter(([, body]) => JSON.stringify(body).includes(address))
          .map(([other]) => `${type}.${other}`),
      );
      if (dependents.length > 0)
        throw new Error(`${stackId}: cannot leave out ${address}: ${dependents.join(', ')} use it`);
      notes.push(`${stackId}: left out ${address} (${reason})`);
    }
    delete resources[resourceType];
  }
  return notes;
}
