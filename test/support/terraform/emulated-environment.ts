// One environment applied for real with the Terraform CLI against its own moto server (running as the
// environment's account): stacks prepared, applied in dependency order, read back, destroyed in reverse order.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EnvironmentConfig } from '../../../lib/config/types';
import { environmentStackIds } from '../../../ops/env-stacks-lib';
import { startMoto } from '../moto-server';
import type { ServerProcess } from '../processes';
import type { SynthResult } from '../synth';
import { type ProviderSource, terraformEnv, terraformInit } from './aws-provider';
import { EmulatorClient, xmlElements } from './emulator-client';
import { type PreparedStack, prepareEmulatorStack } from './stack-workspace';
import { lastLines, runTerraform, type TerraformCli, terraformOrThrow } from './terraform-cli';
import {
  dropDuplicatePolicyStatements,
  MOTO_CONFIG,
  motoEnvironment,
  PRODUCTION_DATABASE_DESTROY,
} from './workarounds';

/** A resource as `terraform show -json` reports it. */
export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, unknown>;
}

export interface EmulatedEnvironment {
  readonly environment: EnvironmentConfig;
  /** The environment's stacks in dependency order. */
  readonly stackIds: readonly string[];
  /** The stacks each stack depends on (cdktf's manifest). */
  readonly dependencies: Readonly<Record<string, readonly string[]>>;
  readonly stacks: readonly PreparedStack[];
  readonly client: EmulatorClient;
  readonly cli: TerraformCli;
  readonly source: ProviderSource;
  readonly env: NodeJS.ProcessEnv;
  /** Seconds per step (`apply <stack>`, `destroy <stack>`, ...). */
  readonly timings: Record<string, number>;
  /** The stacks applied so far, in order. */
  readonly applied: string[];
  /** The stacks destroyed so far, in order. */
  readonly destroyed: string[];
  /** Emulator workarounds applied at run time (workarounds.ts), one line each. */
  readonly notes: string[];
  /** What the destroy of a production database did (deletion protection), for the test to check. */
  protectedDestroy?: string;
}

/** Terraform's concurrent operations per stack: the emulator answers fast, the default 10 leaves it idle. */
const PARALLELISM = '-parallelism=30';

/** Starts the environment's moto server and writes its stacks under `root/<env>/`. */
export async function startEmulatedEnvironment(options: {
  readonly synth: SynthResult;
  readonly environment: EnvironmentConfig;
  readonly environmentNames: readonly string[];
  readonly root: string;
  readonly source: ProviderSource;
  readonly cli: TerraformCli;
  readonly motoServerBin: string;
  readonly onServer: (server: ServerProcess) => void;
}): Promise<EmulatedEnvironment> {
  const { synth, environment, root, source } = options;
  const { endpoint } = await startMoto(options.motoServerBin, root, options.onServer, {
    env: motoEnvironment(environment.accountId),
    logName: `moto-${environment.name}.log`,
  });
  const configured = await fetch(`${endpoint}/moto-api/config`, { method: 'POST', body: JSON.stringify(MOTO_CONFIG) });
  if (!configured.ok) throw new Error(`moto refused its configuration: ${configured.status}`);
  const stackIds = environmentStackIds(synth.manifest, environment.name, options.environmentNames);
  const stacks = stackIds.map((id) => prepareEmulatorStack(synth, id, join(root, environment.name), source, endpoint));
  return {
    environment,
    stackIds,
    dependencies: Object.fromEntries(stackIds.map((id) => [id, synth.manifest.stacks[id]?.dependencies ?? []])),
    stacks,
    client: new EmulatorClient(endpoint, environment.region),
    cli: options.cli,
    source,
    env: terraformEnv(source, { AWS_REGION: environment.region }),
    timings: {},
    applied: [],
    destroyed: [],
    notes: [],
  };
}

async function timed<T>(run: EmulatedEnvironment, step: string, action: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await action();
  } finally {
    run.timings[step] = Math.round((performance.now() - start) / 100) / 10;
    process.stderr.write(`apply tests: ${step}: ${run.timings[step]} s\n`);
  }
}

/** `terraform init` and `apply` of every stack, in dependency order; stops at the first failure. */
export async function applyEnvironment(run: EmulatedEnvironment): Promise<void> {
  for (const stack of run.stacks) {
    const options = { cwd: stack.dir, env: run.env };
    await timed(run, `init ${stack.id}`, () =>
      terraformInit(run.cli, run.source, ['-input=false', '-no-color'], { ...options, what: `init of ${stack.id}` }),
    );
    await timed(run, `apply ${stack.id}`, () =>
      terraformOrThrow(run.cli, ['apply', '-auto-approve', '-input=false', '-no-color', PARALLELISM], {
        ...options,
        what: `apply of ${stack.id}`,
      }),
    );
    run.applied.push(stack.id);
    run.notes.push(...(await dropDuplicatePolicyStatements(run.client)));
  }
}

/**
 * The resources in a stack's state, read from its local state file (what `terraform show -json` reports, without
 * starting Terraform and the provider for every look).
 */
export function stateOf(run: EmulatedEnvironment, stackId: string): StateResource[] {
  const stack = run.stacks.find((s) => s.id === stackId);
  if (!stack) throw new Error(`no stack ${stackId} in ${run.environment.name}`);
  if (!existsSync(stack.statePath)) return [];
  const state = JSON.parse(readFileSync(stack.statePath, 'utf8')) as {
    resources?: { mode: string; type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[];
  };
  return (state.resources ?? [])
    .filter((r) => r.mode === 'managed')
    .flatMap((r) =>
      r.instances.map((instance) => ({
        address: `${r.type}.${r.name}`,
        type: r.type,
        name: r.name,
        values: instance.attributes,
      })),
    );
}

/**
 * `terraform destroy` of every applied stack in reverse order. In a production environment the database's deletion
 * protection must refuse the first attempt; the run records that, lifts the protection through the emulator's RDS
 * API and destroys again (see PRODUCTION_DATABASE_DESTROY).
 */
export async function destroyEnvironment(run: EmulatedEnvironment): Promise<void> {
  for (const stack of [...run.stacks].reverse()) {
    if (!run.applied.includes(stack.id)) continue;
    // -refresh=false: the state was written by this run moments ago; reading every resource back again only costs time.
    const args = ['destroy', '-auto-approve', '-input=false', '-no-color', '-refresh=false', PARALLELISM];
    const options = { cwd: stack.dir, env: run.env };
    let result = await timed(run, `destroy ${stack.id}`, () => runTerraform(run.cli, args, options));
    const protectedDb = /deletion.protection|protected against deletion/i.test(result.stderr + result.stdout);
    if (result.code !== 0 && protectedDb && run.environment.production) {
      run.protectedDestroy = PRODUCTION_DATABASE_DESTROY;
      await liftDeletionProtection(run);
      result = await timed(run, `destroy ${stack.id} (again)`, () => runTerraform(run.cli, args, options));
    }
    if (result.code !== 0) throw new Error(`destroy of ${stack.id} failed:\n${lastLines(result, 40)}`);
    run.destroyed.push(stack.id);
  }
}

async function liftDeletionProtection(run: EmulatedEnvironment): Promise<void> {
  const dynamodb = <T>(target: string, body: Record<string, unknown>) =>
    run.client.json<T>('dynamodb', `DynamoDB_20120810.${target}`, body, 'application/x-amz-json-1.0');
  const { TableNames = [] } = await dynamodb<{ TableNames?: string[] }>('ListTables', {});
  for (const TableName of TableNames) await dynamodb('UpdateTable', { TableName, DeletionProtectionEnabled: false });
  const xml = await run.client.query('rds', 'DescribeDBInstances', '2014-10-31');
  for (const id of xmlElements(xml, 'DBInstanceIdentifier')) {
    await run.client.query('rds', 'ModifyDBInstance', '2014-10-31', {
      DBInstanceIdentifier: id,
      DeletionProtection: 'false',
      ApplyImmediately: 'true',
    });
  }
}
