// Synthesizes the whole app (all stacks, so cross-stack references resolve) into a temp dir and reads it back.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { bootstrapTargets } from '../../lib/config/delivery';
import { type EnvironmentInput, type ProjectInput, validateProject } from '../../lib/config/validate';
import { buildBootstrap } from '../../stacks/bootstrap-stack';
import { buildProject } from '../../stacks/project';
import type { Fixture } from '../fixtures';
import { SYNTH_CACHE_VARIABLE } from './build-bundles';

/** A synthesized stack's Terraform JSON (only the parts the tests read). */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly terraform?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: Readonly<Record<string, StackJson>>;
  readonly manifest: { stacks: Record<string, { dependencies: string[]; synthesizedStackPath: string }> };
}

/** Synthesizes `input` into a fresh temp dir (tests of the template pass a fixture's project, never config/). */
export function synthProject(input: ProjectInput, requested: readonly string[] = []): SynthResult {
  return synthApp((app) => buildProject(app, input, requested));
}

/** Synthesizes a fixture's project (see test/fixtures/): what every test of the template's behaviour uses. */
export function synthFixture(fixture: Fixture, requested: readonly string[] = []): SynthResult {
  return synthProject(fixture.project, requested);
}

/** Writes an app's stacks into a fresh temp dir and reads them back. */
function synthApp(build: (app: App) => void): SynthResult {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-'));
  const app = new App({ outdir, skipValidation: false });
  build(app);
  app.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  const stacks: Record<string, StackJson> = {};
  for (const [id, entry] of Object.entries<{ synthesizedStackPath: string }>(manifest.stacks)) {
    stacks[id] = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), 'utf8'));
  }
  return { outdir, stacks, manifest };
}

/** The bootstrap stack of the account of `environment` (of the fixture's first environment by default). */
export function synthBootstrapStack(fixture: Fixture, environment?: string): StackJson {
  const { stacks } = synthApp((app) =>
    buildBootstrap(app, fixture.project, fixture.delivery, environment ? [environment] : []),
  );
  if (!stacks.bootstrap) throw new Error('no bootstrap stack synthesized');
  return stacks.bootstrap;
}

/**
 * A fixture's environment stacks plus the bootstrap stack of each of its accounts, as `bootstrap-<account>`: what
 * the pipeline's IAM simulation needs (the bootstrap stacks hold the pipeline roles and every environment boundary).
 */
export function synthWithBootstrap(fixture: Fixture): SynthResult {
  const project = synthFixtureOnce(fixture);
  const stacks: Record<string, StackJson> = { ...project.stacks };
  for (const target of bootstrapTargets(validateProject(fixture.project))) {
    stacks[`bootstrap-${target.accountId}`] = synthBootstrapStack(fixture, target.environments[0]?.name);
  }
  return { ...project, stacks };
}

const synthesized = new Map<Fixture, SynthResult>();

const ROOT = join(__dirname, '../..');

/**
 * What a fixture's synth reads: the code (the template's library and the stacks) and the fixtures (paths, sizes,
 * modification times), and the function zips (their bytes: `npm run synth` in a test rebuilds them with new times and
 * the same content). Not config/: no fixture synth reads it.
 */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const { size, mtimeMs } = statSync(path);
        hash.update(`${path}:${size}:${mtimeMs}\n`);
      }
    }
  };
  for (const dir of ['lib', 'stacks', 'test/fixtures']) walk(join(ROOT, dir));
  const bundles = join(ROOT, 'dist/functions');
  for (const zip of existsSync(bundles)
    ? readdirSync(bundles)
        .filter((f) => f.endsWith('.zip'))
        .sort()
    : []) {
    hash.update(zip).update(readFileSync(join(bundles, zip)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * A fixture's whole app, synthesized once per jest run and shared by every test file that asks for it: a synth is
 * the slowest thing these tiers do, and a fixture synthesizes the same JSON every time within a run. The files
 * share it through the run's cache folder, keyed by the fixture's content and a fingerprint of the sources (so a watch-mode
 * rerun after an edit synthesizes again). Without the folder (a file run outside those projects), once per file.
 * Read-only: a test that changes stacks works on its own copy.
 */
export function synthFixtureOnce(fixture: Fixture): SynthResult {
  let result = synthesized.get(fixture);
  if (!result) {
    const cacheDir = process.env[SYNTH_CACHE_VARIABLE];
    // Keyed by the fixture's content, not its name: a test may pass a variant of a fixture under the same name.
    const key = createHash('sha256').update(JSON.stringify(fixture)).update(sourceFingerprint()).digest('hex');
    const cached = cacheDir && join(cacheDir, `${fixture.name}-${key.slice(0, 24)}.json`);
    if (cached && existsSync(cached)) {
      result = JSON.parse(readFileSync(cached, 'utf8')) as SynthResult;
    } else {
      result = synthFixture(fixture);
      if (cached) {
        // Written whole and renamed, so a worker reading at the same moment never sees half a file.
        const partial = `${cached}.${process.pid}`;
        writeFileSync(partial, JSON.stringify(result));
        renameSync(partial, cached);
      }
    }
    synthesized.set(fixture, result);
  }
  return result;
}

/** `project` with one environment's fields replaced (for variations and invalid-config tests). */
export function configWith(
  project: ProjectInput,
  env: string,
  patch: Partial<Record<keyof EnvironmentInput, unknown>>,
): ProjectInput {
  const current = project.environments[env];
  if (!current) throw new Error(`no environment ${env} in project ${project.name}`);
  return { ...project, environments: { ...project.environments, [env]: { ...current, ...patch } as EnvironmentInput } };
}

/** One environment of a fixture, with the names the template derives from it. */
export interface FixtureEnvironment {
  readonly fixture: Fixture;
  /** Environment name (the key in the fixture's project). */
  readonly env: string;
  readonly input: EnvironmentInput;
  /** `<project>-<env>`: the prefix of the environment's resource names. */
  readonly prefix: string;
}

/** Every environment of the given fixtures, for `describe.each`. */
export function fixtureEnvironments(fixtures: readonly Fixture[]): FixtureEnvironment[] {
  return fixtures.flatMap((fixture) =>
    Object.entries(fixture.project.environments).map(([env, input]) => ({
      fixture,
      env,
      input,
      prefix: `${fixture.project.name}-${env}`,
    })),
  );
}

/** All resources of `type` in a stack, by Terraform name. */
export function resourcesOf(stack: StackJson | undefined, type: string): Record<string, Record<string, unknown>> {
  if (!stack) throw new Error('stack not synthesized');
  return stack.resource?.[type] ?? {};
}

/** The single resource of `type` in a stack; fails when there is not exactly one. */
export function onlyResource(stack: StackJson | undefined, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(stack, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0] as Record<string, unknown>;
}

/** Parses a policy attribute that was rendered as a JSON string. */
export function policyOf(value: unknown): { Statement: Array<Record<string, unknown>> } {
  if (typeof value !== 'string') throw new Error(`policy is not a JSON string: ${String(value)}`);
  return JSON.parse(value);
}
