// What the scanner checks in production environments only (PRODUCTION_RULES) holds in what synthesizes, for every
// production environment of every fixture: a year of logs, a Multi-AZ database with deletion protection.
import { PRODUCTION_MIN_LOG_RETENTION_DAYS } from '../../lib/config/validate';
import { allFeatures, multiAccount } from '../fixtures';
import { resourcesOf, synthFixtureOnce } from '../support/synth';

describe.each([allFeatures, multiAccount])('$name', (fixture) => {
  const { stacks } = synthFixtureOnce(fixture);
  const production = Object.entries(fixture.project.environments)
    .filter(([, env]) => env.production === true)
    .map(([name]) => name);
  const stacksOf = (env: string) => Object.entries(stacks).filter(([id]) => id.startsWith(`${env}-`));

  it.each(production)('%s keeps every log group at least a year (CKV_AWS_338)', (env) => {
    const groups = stacksOf(env).flatMap(([, stack]) => Object.values(resourcesOf(stack, 'aws_cloudwatch_log_group')));

    expect(groups.length).toBeGreaterThan(0);
    expect(groups.filter((g) => Number(g.retention_in_days) < PRODUCTION_MIN_LOG_RETENTION_DAYS)).toEqual([]);
  });

  it.each(production)('%s runs any database Multi-AZ with deletion protection (CKV_AWS_157, CKV_AWS_293)', (env) => {
    const databases = stacksOf(env).flatMap(([, stack]) => Object.values(resourcesOf(stack, 'aws_db_instance')));

    for (const db of databases) expect(db).toMatchObject({ multi_az: true, deletion_protection: true });
  });
});
