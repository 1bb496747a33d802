// In an account shared by several environments, each deploy role manages only its own environment's RDS-managed
// master secret (`rds!db-*`): RDS tags that secret `aws:rds:primaryDBInstanceArn` with its instance, a tag only AWS
// can set, and every call on an existing master secret is conditioned on this environment's instance ARN.

import { allFeatures } from '../fixtures';
import { decide } from '../support/iam-simulator';
import { pipelineModels } from '../support/pipeline-model';
import { synthWithBootstrap } from '../support/synth';

const ON_EXISTING_SECRET = [
  'secretsmanager:RotateSecret',
  'secretsmanager:UpdateSecret',
  'secretsmanager:DeleteSecret',
  'secretsmanager:DescribeSecret',
  'secretsmanager:PutResourcePolicy',
];

const accounts = pipelineModels(synthWithBootstrap(allFeatures), Object.keys(allFeatures.project.environments));
const shared = accounts.filter((account) => account.environments.filter((e) => e.masterSecretArn).length > 1);
const worlds = shared.flatMap((account) =>
  account.roles.filter((role) => role.kind === 'deploy').map((role) => ({ role, account })),
);

/** The master secret of `env` as IAM sees it: tagged by RDS with its instance's ARN. */
function masterSecretOf(env: (typeof accounts)[number]['environments'][number]) {
  const arn = env.masterSecretArn as string;
  const dbArn = `${arn.split(':secret:')[0]?.replace(':secretsmanager:', ':rds:')}:db:${env.namePrefix}-db`;
  return { arn, context: { 'aws:ResourceTag/aws:rds:primaryDBInstanceArn': dbArn } };
}

describe('RDS-managed master secrets in a shared account (all-features fixture)', () => {
  it('has an account with two environments that both have a database', () => {
    expect(worlds.length).toBeGreaterThan(1);
  });

  describe.each(worlds.map((world) => [world.role.name, world] as const))('%s', (_name, { role, account }) => {
    const own = account.environments.filter((env) => env.name === role.environment && env.masterSecretArn);
    const others = account.environments.filter((env) => env.name !== role.environment && env.masterSecretArn);

    it("cannot rotate, update, delete, describe or set the policy of another environment's master secret", async () => {
      const allowed: string[] = [];
      for (const env of others) {
        const secret = masterSecretOf(env);
        for (const action of ON_EXISTING_SECRET) {
          const decision = await decide(account.environments, {
            principal: role,
            action,
            resource: secret.arn,
            context: secret.context,
          });
          if (decision === 'Allowed') allowed.push(`${action} on ${env.name}`);
        }
      }

      expect(others.length).toBeGreaterThan(0);
      expect(allowed).toEqual([]);
    });

    it('can still do all of it on its own (positive control)', async () => {
      const refused: string[] = [];
      for (const env of own) {
        const secret = masterSecretOf(env);
        for (const action of ON_EXISTING_SECRET) {
          const decision = await decide(account.environments, {
            principal: role,
            action,
            resource: secret.arn,
            context: secret.context,
          });
          if (decision !== 'Allowed') refused.push(`${action}: ${decision}`);
        }
      }

      expect(own).toHaveLength(1);
      expect(refused).toEqual([]);
    });
  });
});
