// ARNs are built from the region's partition, so the stacks also work in China and GovCloud regions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentInput, ProjectInput } from '../../lib/config/validate';
import { singleAccount } from '../fixtures';
import { synthBootstrapStack, synthProject } from '../support/synth';

/**
 * Where ARNs are built: the stacks, the library (constructs, config helpers), the operator commands and the tools.
 * Not config/: a team's settings hold the ARNs it writes (principals), in its own partition.
 */
const arnSourceDirs = ['stacks', 'lib', 'ops', 'tools/build', 'tools/ci', 'tools/maintenance'].map((dir) =>
  join(__dirname, '../..', dir),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('ARN partitions', () => {
  it('no stack, construct, config helper or script writes a literal arn:aws: prefix (use arnPrefix(region) from lib/config/regions.ts)', () => {
    const offenders = arnSourceDirs
      .flatMap(sourceFiles)
      .filter((file) => /[`'"]arn:aws:/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('builds every ARN of a China-region environment in the aws-cn partition', () => {
    const [name, env] = Object.entries(singleAccount.project.environments)[0] as [string, EnvironmentInput];
    const project: ProjectInput = {
      ...singleAccount.project,
      environments: { [name]: { ...env, region: 'cn-north-1' } },
    };
    const { stacks } = synthProject(project);
    // The bootstrap stack holds the pipeline roles, their policies and every environment boundary.
    const bootstrap = synthBootstrapStack({ ...singleAccount, project }, name);
    const arns = [...Object.values(stacks), bootstrap].flatMap(
      (stack) => JSON.stringify(stack).match(/arn:[a-z-]+:/g) ?? [],
    );
    expect(JSON.stringify(bootstrap)).toContain('arn:aws-cn:');
    expect([...new Set(arns)]).toEqual(['arn:aws-cn:']);
  });
});
