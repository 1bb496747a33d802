// ARNs are built from the region's partition, so the stacks also work in China and GovCloud regions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentInput, ProjectInput } from '../../config/validate';
import { singleAccount } from '../fixtures';
import { synthProject } from '../support/synth';

/** Where ARNs are built: the stacks, the config helpers they share, and the scripts (pipeline matrix, webhook-secret). */
const arnSourceDirs = ['stacks', 'config', 'scripts'].map((dir) => join(__dirname, '../..', dir));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('ARN partitions', () => {
  it('no stack, construct, config helper or script writes a literal arn:aws: prefix (use arnPrefix(region) from config/regions.ts)', () => {
    const offenders = arnSourceDirs
      .flatMap(sourceFiles)
      .filter((file) => readFileSync(file, 'utf8').includes('`arn:aws:'));
    expect(offenders).toEqual([]);
  });

  it('builds every ARN of a China-region environment in the aws-cn partition', () => {
    const [name, env] = Object.entries(singleAccount.project.environments)[0] as [string, EnvironmentInput];
    const project: ProjectInput = {
      ...singleAccount.project,
      environments: { [name]: { ...env, region: 'cn-north-1' } },
    };
    const { stacks } = synthProject(project);
    const arns = Object.values(stacks).flatMap((stack) => JSON.stringify(stack).match(/arn:[a-z-]+:/g) ?? []);
    expect(arns.length).toBeGreaterThan(0);
    expect([...new Set(arns)]).toEqual(['arn:aws-cn:']);
  });
});
