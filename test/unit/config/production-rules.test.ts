// Every rule the scanner applies to production environments only is met, or refused naming the field, at synth
// (issue 21, item 5): marking an environment production must not first fail at `npm run scan`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  type EnvironmentInput,
  PRODUCTION_MIN_LOG_RETENTION_DAYS,
  PRODUCTION_RULES,
  type ProjectInput,
  validateProject,
} from '../../../lib/config/validate';
import { multiAccount } from '../../fixtures';
import { configProblems } from '../../support/config-problems';

interface Skip {
  readonly check: string;
  readonly when?: Readonly<Record<string, boolean>>;
}

const skips = parse(readFileSync(join(__dirname, '../../../.checkov-skips.yaml'), 'utf8')) as Skip[];
const productionOnly = [...new Set(skips.filter((s) => s.when?.production === false).map((s) => s.check))].sort();

/** The multi-account fixture with `uat` (logRetentionDays 30, alarm email set) marked production. */
function uatAsProduction(extra: Record<string, unknown> = {}): ProjectInput {
  const uat = multiAccount.project.environments.uat as EnvironmentInput;
  return {
    ...multiAccount.project,
    environments: { ...multiAccount.project.environments, uat: { ...uat, production: true, ...extra } },
  };
}

describe('rules production environments must meet', () => {
  it('has a synth-time answer for every check the scanner skips outside production only', () => {
    expect(productionOnly.length).toBeGreaterThan(0);
    expect(Object.keys(PRODUCTION_RULES).sort()).toEqual(productionOnly);
  });

  it('refuses a production environment that keeps logs under a year, naming the field and the value to set', () => {
    const problems = configProblems(uatAsProduction());

    expect(problems).toContain(
      `environment "uat": logRetentionDays 30 is under a year, but a production environment keeps its logs at least 365 days (checkov CKV_AWS_338): set logRetentionDays: 365 or more`,
    );
  });

  it('gives a production environment a year of logs when the field is left out, and leaves others at 30 days', () => {
    const uat = { ...multiAccount.project.environments.uat } as EnvironmentInput;
    delete (uat as { logRetentionDays?: number }).logRetentionDays;
    const project = uatAsProduction({ logRetentionDays: undefined });
    const config = validateProject(project);
    const notProduction = validateProject({ ...multiAccount.project, environments: { uat } });

    expect(config.environments.find((e) => e.name === 'uat')?.logRetentionDays).toBe(PRODUCTION_MIN_LOG_RETENTION_DAYS);
    expect(notProduction.environments[0]?.logRetentionDays).toBe(30);
  });
});
