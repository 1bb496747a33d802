// The app bench/scale.mjs runs in a child process: N environments cloned round-robin from config/environments.ts
// (dev, staging, prod, dev2, staging2, ...), each with its own name and /16, synthesized into an output folder.
// Usage (after esbuild bundles it): node scale-app.cjs <environments> <outdir>
// Prints one JSON line: how long loading, building and synthesizing took and what it produced.
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { projectConfig } from '../config/environments';
import type { EnvironmentInput, ProjectInput } from '../lib/config/validate';
import { buildProject } from '../stacks/project';

/** `count` environments cycling through the configured ones, with distinct names and non-overlapping CIDRs. */
export function scaledConfig(base: ProjectInput, count: number): ProjectInput {
  const templates = Object.entries(base.environments);
  const environments: Record<string, EnvironmentInput> = {};
  for (let index = 0; index < count; index++) {
    const template = templates[index % templates.length];
    if (!template) throw new Error('config/environments.ts has no environments to clone');
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
  const built = buildProject(app, scaledConfig(projectConfig, count));
  const builtMs = performance.now();
  app.synth();
  const synthMs = performance.now();
  process.stdout.write(
    `${JSON.stringify({
      environments: built.length,
      loadMs: loadedMs,
      buildMs: builtMs - loadedMs,
      synthMs: synthMs - builtMs,
    })}\n`,
  );
}

main();
