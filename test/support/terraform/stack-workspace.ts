// Copies synthesized stacks into folders Terraform can run in: the provider version the run resolved, the
// compatibility removals, and (for emulator runs) the workarounds of workarounds.ts.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackJson, SynthResult } from '../synth';
import type { ProviderSource } from './aws-provider';
import {
  dropUnsupportedResources,
  emulatorProviderOverride,
  seedSecretsBeforeRotation,
  stripNewerArguments,
  useLocalState,
} from './workarounds';

/** A stack ready for `terraform init` in `dir`. */
export interface PreparedStack {
  readonly id: string;
  readonly dir: string;
  /** The stack's local state file (emulator runs). */
  readonly statePath: string;
  /** One line per change made to the synthesized JSON (compatibility removals, emulator workarounds). */
  readonly notes: readonly string[];
}

function copyOf(stack: StackJson | undefined, stackId: string): StackJson {
  if (!stack) throw new Error(`stack ${stackId} was not synthesized`);
  return JSON.parse(JSON.stringify(stack)) as StackJson;
}

/** Pins the provider to what the run resolved and applies the compatibility removals. */
function pinProvider(stackId: string, stack: StackJson, source: ProviderSource): string[] {
  const terraform = (stack.terraform ?? {}) as { required_providers?: { aws?: Record<string, unknown> } };
  const aws = terraform.required_providers?.aws;
  if (!aws) throw new Error(`${stackId}: no required_providers.aws`);
  aws.version = source.constraint;
  return source.compatibility ? stripNewerArguments(stackId, stack, source.constraint) : [];
}

/**
 * Writes one stack for an emulator run into `<root>/<stackId>/`: its state and its upstream stacks' states in
 * `<root>/state/`, the provider pointed at `endpoint`, and the function archives linked from the synth output.
 */
export function prepareEmulatorStack(
  synth: SynthResult,
  stackId: string,
  root: string,
  source: ProviderSource,
  endpoint: string,
): PreparedStack {
  const stack = copyOf(synth.stacks[stackId], stackId);
  const dir = join(root, stackId);
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(root, 'state'), { recursive: true });
  const notes = pinProvider(stackId, stack, source);
  const statePath = (id: string) => join(root, 'state', `${id}.tfstate`);
  useLocalState(stack, statePath, stackId);
  notes.push(...seedSecretsBeforeRotation(stackId, stack));
  notes.push(...dropUnsupportedResources(stackId, stack));
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(stack, null, 2));
  writeFileSync(join(dir, 'emulator_override.tf.json'), JSON.stringify(emulatorProviderOverride(endpoint), null, 2));
  linkAssets(synth, stackId, dir);
  return { id: stackId, dir, statePath: statePath(stackId), notes };
}

/** Function archives are referenced as `assets/...` relative to the stack's folder. */
function linkAssets(synth: SynthResult, stackId: string, dir: string): void {
  const entry = synth.manifest.stacks[stackId];
  if (!entry) return;
  const assets = join(synth.outdir, entry.synthesizedStackPath, '..', 'assets');
  if (existsSync(assets) && !existsSync(join(dir, 'assets'))) symlinkSync(assets, join(dir, 'assets'), 'dir');
}

/**
 * One root module that calls every given stack as a child module, so a single `terraform init` and a single
 * `terraform validate` check them all. Backends are dropped (validate never reads state), and so are the stacks'
 * provider blocks, which configureStack writes alike: the root validates the first one, and the modules share it,
 * which halves the CPU time (one provider process instead of one per stack). Module names are
 * `<prefix>_<stackId>`, so an error names the stack.
 */
export function prepareValidationRoot(
  stacks: readonly { readonly prefix: string; readonly synth: SynthResult; readonly stackId: string }[],
  root: string,
  source: ProviderSource,
): { dir: string; notes: string[] } {
  mkdirSync(root, { recursive: true });
  const notes: string[] = [];
  const modules: Record<string, { source: string }> = {};
  let provider: unknown;
  for (const { prefix, synth, stackId } of stacks) {
    const stack = copyOf(synth.stacks[stackId], stackId);
    const name = `${prefix}_${stackId}`;
    notes.push(...pinProvider(name, stack, source));
    delete (stack.terraform as { backend?: unknown }).backend;
    provider ??= stack.provider;
    delete (stack as { provider?: unknown }).provider;
    mkdirSync(join(root, name), { recursive: true });
    writeFileSync(join(root, name, 'main.tf.json'), JSON.stringify(stack));
    modules[name] = { source: `./${name}` };
  }
  writeFileSync(
    join(root, 'main.tf.json'),
    JSON.stringify({
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: source.constraint } } },
      provider,
      module: modules,
    }),
  );
  return { dir: root, notes };
}
