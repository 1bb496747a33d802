// The app bench/scale.mjs runs in a child process: N environments cloned round-robin from the multi-account fixture
// (test, uat, live, test2, uat2, ...), each with its own name and /16, synthesized into an output folder. A fixture,
// not config/, so the figure measures the template and a fork's config edits cannot change it (hence the import from
// test/fixtures, and the file's place under test/ beside policy-sizes-app.ts).
// Usage (after esbuild bundles it): node scale-app.cjs <environments> <outdir>
// Prints one JSON line: how long loading, building and synthesizing took, what it produced and which environments
// it cycled through.
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import type { EnvironmentInput, ProjectInput } from '../../lib/config/validate';
import { buildProject } from '../../stacks/project';
import { multiAccount } from '../fixtures/multi-account';

/** `count` environments cycling through the base project's ones, with distinct names and non-overlapping CIDRs. */
export function scaledConfig(base: ProjectInput, count: number): ProjectInput {
  const templates = Object.entries(base.environments);
  const environments: Record<string, EnvironmentInput> = {};
  for (let index = 0; index < count; index++) {
    const template = templates[index % templates.length];
    if (!template) throw new Error(`project ${base.name} has no environments to clone`);
    const [name, settings] = template;
    const round = Math.floor(index / templates.length);
    environments[round === 0 ? name : `${name}${round + 1}`] = { ...settings, cidr: `10.${100 + index}.0.0/16` };
  }
  return { ...base, environments };
}

function main(): void {
  const loadedMs = performance.now();
  const count = Number(process.argv[2]);
  const outdir = process.argv[3];
  if (!Number.isInteger(count) || count < 1 || count > 150 || !outdir) {
    throw new Error('usage: node scale-app.cjs <environments 1-150> <outdir>');
  }
  const app = new App({ outdir });
  const built = buildProject(app, scaledConfig(multiAccount.project, count));
  const builtMs = performance.now();
  app.synth();
  const synthMs = performance.now();
  process.stdout.write(
    `${JSON.stringify({
      environments: built.length,
      cycled: Object.keys(multiAccount.project.environments),
      loadMs: loadedMs,
      buildMs: builtMs - loadedMs,
      synthMs: synthMs - builtMs,
    })}\n`,
  );
}

main();
