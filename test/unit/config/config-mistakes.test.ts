// Mistakes in config/environments.ts that would otherwise only show at apply (or never): caught by validateProject.
import { type EnvironmentInput, type ProjectInput, validateProject } from '../../../lib/config/validate';
import { allFeatures, singleAccount } from '../../fixtures';
import { configProblems } from '../../support/config-problems';

const [envName, baseEnv] = Object.entries(singleAccount.project.environments)[0] as [string, EnvironmentInput];

/** The single-account fixture with its environment changed by `patch` (any shape: users make typos). */
function withEnvironment(patch: Record<string, unknown>, project: Partial<ProjectInput> = {}): ProjectInput {
  return {
    ...singleAccount.project,
    ...project,
    environments: { [envName]: { ...baseEnv, ...patch } as EnvironmentInput },
  };
}

describe('config mistakes caught at synth', () => {
  it('rejects a misspelled environment key and suggests the right one', () => {
    expect(configProblems(withEnvironment({ azcount: 3 }))).toContain(
      `environment "${envName}": azcount is not a known setting (did you mean "azCount"?)`,
    );
  });

  it('rejects an unknown key inside a nested setting, naming its path', () => {
    const message = configProblems(withEnvironment({ webhook: { reservedConcurency: 5 } }));
    expect(message).toContain(
      'webhook.reservedConcurency is not a known setting (did you mean "webhook.reservedConcurrency"?)',
    );
  });

  it('rejects an unknown top-level project key', () => {
    expect(configProblems({ ...singleAccount.project, enviroments: {} } as unknown as ProjectInput)).toContain(
      'project: enviroments is not a known setting (did you mean "environments"?)',
    );
  });

  it('accepts every fixture, so every documented key is known', () => {
    expect(() => validateProject(allFeatures.project)).not.toThrow();
  });

  it('says a CIDR has host bits set and names the network', () => {
    expect(configProblems(withEnvironment({ cidr: '10.40.3.0/20' }))).toContain(
      '"10.40.3.0/20" has host bits set: the network of that /20 is 10.40.0.0/20',
    );
  });

  it('rejects overlapping CIDRs of two environments in one account and region', () => {
    const input: ProjectInput = {
      ...singleAccount.project,
      environments: { [envName]: baseEnv, copy: { ...baseEnv, cidr: '10.40.8.0/21' } },
    };
    expect(configProblems(input)).toContain(`environments "${envName}" (10.40.0.0/20) and "copy" (10.40.8.0/21)`);
  });

  it('accepts the same CIDR in another account', () => {
    const input: ProjectInput = {
      ...singleAccount.project,
      environments: { [envName]: baseEnv, other: { ...baseEnv, accountId: '999999999999' } },
    };
    expect(() => validateProject(input)).not.toThrow();
  });

  it('rejects an unknown region', () => {
    expect(configProblems(withEnvironment({ region: 'eu-west-9' }))).toContain(
      'region "eu-west-9" is not an AWS region this template knows',
    );
  });

  it('rejects more availability zones than the region has', () => {
    expect(configProblems(withEnvironment({ region: 'us-west-1', azCount: 3 }))).toContain(
      'azCount 3 is more than the 2 availability zones us-west-1 offers',
    );
  });

  it('rejects an appUsername too long for its _clone', () => {
    const name = `u${'x'.repeat(57)}`;
    expect(configProblems(withEnvironment({ database: { enabled: true, appUsername: name } }))).toContain(
      'is 58 characters; rotation also creates',
    );
    expect(() => validateProject(withEnvironment({ database: { appUsername: name.slice(1) } }))).not.toThrow();
  });

  it.each(['acme-', 'ac--me', '-acme'])('rejects the project name %s, which makes invalid RDS identifiers', (name) => {
    expect(configProblems(withEnvironment({}, { name }))).toContain(`project name "${name}" must be`);
  });

  it('rejects an environment name with a double dash', () => {
    const input: ProjectInput = { ...singleAccount.project, environments: { 'qa--1': baseEnv } };
    expect(configProblems(input)).toContain('environment name "qa--1" must be');
  });
});
