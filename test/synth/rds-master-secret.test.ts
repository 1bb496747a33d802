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

type World = (typeof worlds)[number];

/** IAM's decision on each existing-secret action `role` calls on the master secret of each of `envs`. */
async function decisionsOn(
  { role, account }: World,
  envs: World['account']['environments'],
): Promise<{ env: string; action: string; decision: string }[]> {
  const decisions: { env: string; action: string; decision: string }[] = [];
  for (const env of envs) {
    const secret = masterSecretOf(env);
    for (const action of ON_EXISTING_SECRET) {
      const decision = await decide(account.environments, {
        principal: role,
        action,
        resource: secret.arn,
        context: secret.context,
      });
      decisions.push({ env: env.name, action, decision });
    }
  }
  return decisions;
}

describe('RDS-managed master secrets in a shared account (all-features fixture)', () => {
  it('has an account with two environments that both have a database', () => {
    expect(worlds.length).toBeGreaterThan(1);
  });

  describe.each(worlds.map((world) => [world.role.name, world] as const))('%s', (_name, world) => {
    const { role, account } = world;
    const own = account.environments.filter((env) => env.name === role.environment && env.masterSecretArn);
    const others = account.environments.filter((env) => env.name !== role.environment && env.masterSecretArn);

    it("cannot rotate, update, delete, describe or set the policy of another environment's master secret", async () => {
      const allowed = (await decisionsOn(world, others))
        .filter((d) => d.decision === 'Allowed')
        .map((d) => `${d.action} on ${d.env}`);

      expect(others.length).toBeGreaterThan(0);
      expect(allowed).toEqual([]);
    });

    it('can still do all of it on its own (positive control)', async () => {
      const refused = (await decisionsOn(world, own))
        .filter((d) => d.decision !== 'Allowed')
        .map((d) => `${d.action}: ${d.decision}`);

      expect(own).toHaveLength(1);
      expect(refused).toEqual([]);
    });
  });
});
