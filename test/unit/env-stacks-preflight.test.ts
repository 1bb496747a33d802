// Preflight, destroy confirmation and plan failure causes of `npm run plan|deploy|bootstrap|destroy`
// (ops/env-stacks-lib.ts), with fake probes in place of the Terraform CLI and STS.
import type { EnvironmentConfig } from '../../lib/config/types';
import { validateProject } from '../../lib/config/validate';
import {
  destroyRefusal,
  diffFailureCause,
  preflightProblems,
  terraformVersionFrom,
  terraformVersionProblem,
  versionAtLeast,
} from '../../ops/env-stacks-lib';
import { multiAccount } from '../fixtures';

const project = validateProject(multiAccount.project);
const nonProduction = project.environments.find((e) => !e.production) as EnvironmentConfig;
const production = project.environments.find((e) => e.production) as EnvironmentConfig;

const probes = (version: string | undefined, account: string | Error) => ({
  terraformVersion: () => version,
  callerAccount: () => (account instanceof Error ? Promise.reject(account) : Promise.resolve(account)),
});

describe('preflightProblems', () => {
  it('passes with Terraform 1.10+ and credentials for the environment account', async () => {
    expect(await preflightProblems(nonProduction, probes('1.11.4', nonProduction.accountId))).toEqual([]);
  });

  it('says Terraform is missing, in one line', async () => {
    const [problem] = await preflightProblems(nonProduction, probes(undefined, nonProduction.accountId));
    expect(problem).toMatch(/^terraform is not on PATH: install Terraform >= 1\.10\.0/);
  });

  it('says Terraform is too old', async () => {
    expect(await preflightProblems(nonProduction, probes('1.9.8', nonProduction.accountId))).toEqual([
      expect.stringContaining('terraform 1.9.8 is too old: the stacks need >= 1.10.0'),
    ]);
  });

  it('names both accounts when the credentials are for another one', async () => {
    expect(await preflightProblems(nonProduction, probes('1.11.4', '999999999999'))).toEqual([
      `the AWS credentials are for account 999999999999, but environment "${nonProduction.name}" deploys into ${nonProduction.accountId}: switch to credentials for ${nonProduction.accountId} (e.g. AWS_PROFILE)`,
    ]);
  });

  it('reports missing credentials with the SDK reason and how to log in', async () => {
    const [problem] = await preflightProblems(
      nonProduction,
      probes('1.11.4', new Error('Could not load credentials from any providers')),
    );
    expect(problem).toContain('no usable AWS credentials');
    expect(problem).toContain('Could not load credentials from any providers');
  });
});

describe('versionAtLeast', () => {
  it.each([
    ['1.10.0', true],
    ['1.11.4', true],
    ['v1.10.1', true],
    ['2.0.0', true],
    ['1.9.99', false],
    ['garbage', false],
  ])('%s >= 1.10.0 is %s', (version, expected) => {
    expect(versionAtLeast(version, '1.10.0')).toBe(expected);
    expect(terraformVersionProblem(version) === undefined).toBe(expected);
  });
});

describe('terraformVersionFrom', () => {
  it.each([
    ['the -json document', '{"terraform_version":"1.11.4","platform":"linux_amd64"}', '1.11.4'],
    ['the plain-text line of a CLI without -json', 'Terraform v0.12.31\n', '0.12.31'],
    ['a -json document without the field', '{"platform":"linux_amd64"}', ''],
    ['anything else', 'command not found', ''],
  ])('reads %s', (_what, stdout, version) => {
    expect(terraformVersionFrom(stdout)).toBe(version);
  });
});

describe('destroyRefusal', () => {
  it('refuses production without --allow-production', () => {
    expect(destroyRefusal(production, { allowProduction: false, confirmation: production.name })).toContain(
      'pass --allow-production',
    );
  });

  it('allows production with the flag and the typed name', () => {
    expect(destroyRefusal(production, { allowProduction: true, confirmation: production.name })).toBeUndefined();
  });

  it('refuses without a confirmation and says how to give one', () => {
    expect(destroyRefusal(nonProduction, { allowProduction: false })).toContain(`--confirm ${nonProduction.name}`);
  });

  it('refuses a confirmation that is not the environment name', () => {
    expect(destroyRefusal(nonProduction, { allowProduction: false, confirmation: 'yes' })).toContain('does not match');
  });
});

describe('diffFailureCause', () => {
  it("reports Terraform's own errors, not a guess", () => {
    const output = [
      '\u001b[31m╷\u001b[0m',
      '│ Error: No valid credential sources found',
      '│',
      '│ Please see https://registry.terraform.io/providers/hashicorp/aws',
      '╵',
      '│ Error: Unable to find remote state',
    ].join('\n');
    expect(diffFailureCause({ stack: 'x-app', ok: false, output })).toBe(
      'No valid credential sources found; Unable to find remote state',
    );
  });

  it('falls back to the last lines when Terraform printed no error', () => {
    expect(diffFailureCause({ stack: 'x-app', ok: false, output: 'a\nb\nkilled' })).toBe(
      'no Terraform error printed; last output: a / b / killed',
    );
  });
});
