// Least privilege as behaviour: every case of test/support/iam-access-cases.ts (the rows of docs/ACCESS.md) is
// evaluated with an IAM policy simulator against the synthesized policies of every environment of the
// multi-account fixture, as it is and with two environments in one account.
import { allFeatures, type Fixture, multiAccount } from '../fixtures';
import { ACCESS_CASES, type AccessCase, type AccessWorld, caseApplies } from '../support/iam-access-cases';
import { type EnvironmentModel, environmentModel } from '../support/iam-model';
import { decide } from '../support/iam-simulator';
import { configWith, synthWithBootstrap } from '../support/synth';

const OUTSIDE_ACCOUNT = '999999999999';

/** The environments' models; the bootstrap stacks are synthesized too, as they hold each environment's boundary. */
function models(fixture: Fixture): EnvironmentModel[] {
  const synth = synthWithBootstrap(fixture);
  return Object.keys(fixture.project.environments).map((env) => environmentModel(synth, env));
}

const separateAccounts = models(multiAccount);
// Forks often start with every environment in one account; isolation must not depend on account boundaries.
const live = multiAccount.project.environments.live;
const sharedAccount = models({
  ...multiAccount,
  project: configWith(multiAccount.project, 'uat', { accountId: live?.accountId, region: live?.region }),
});

// Every optional feature (a GitHub hook whose secret rotates, webhook secret operators), in one account.
const everyFeature = models(allFeatures);

function casesFor(env: EnvironmentModel): AccessCase[] {
  return ACCESS_CASES.filter((c) => caseApplies(c, env));
}

async function evaluate(c: AccessCase, world: AccessWorld, all: EnvironmentModel[]) {
  const requests = c.requests(world);
  expect(requests.length).toBeGreaterThan(0);
  return Promise.all(
    requests.map(async (request) => ({
      principal: request.principal.arn,
      action: request.action,
      resource: request.resource,
      context: request.context,
      decision: await decide(all, request),
    })),
  );
}

describe.each([
  ['one account per environment', separateAccounts],
  ['uat and live in one account', sharedAccount],
  ['every optional feature (all-features)', everyFeature],
])('%s', (_layout, environments) => {
  describe.each(environments.map((env) => [env.name, env] as const))('%s', (_name, env) => {
    const world: AccessWorld = {
      env,
      others: environments.filter((other) => other !== env),
      outsideAccountId: OUTSIDE_ACCOUNT,
    };

    it.each(
      casesFor(env).map((c) => [`${c.who} ${c.expected === 'allowed' ? 'can' : 'cannot'} ${c.what}`, c] as const),
    )('%s', async (_title, c) => {
      const results = await evaluate(c, world, environments);

      const wrong = results.filter((r) => (r.decision === 'Allowed') !== (c.expected === 'allowed'));
      expect(wrong).toEqual([]);
    });
  });
});

describe('the access cases', () => {
  it('use principals and resources that exist in every environment they apply to', () => {
    for (const env of separateAccounts) {
      const world = { env, others: separateAccounts.filter((o) => o !== env), outsideAccountId: OUTSIDE_ACCOUNT };
      for (const c of casesFor(env)) expect(() => c.requests(world)).not.toThrow();
    }
  });

  it('each apply to at least one environment of the fixtures, so no row of docs/ACCESS.md goes untested', () => {
    const environments = [...separateAccounts, ...everyFeature];
    const untested = ACCESS_CASES.filter((c) => !environments.some((env) => caseApplies(c, env)));

    expect(untested.map((c) => `${c.who}: ${c.what}`)).toEqual([]);
  });

  it('put uat and live in one account in the shared layout, and each environment in its own in the other', () => {
    expect(sharedAccount.find((e) => e.name === 'uat')?.accountId).toBe(live?.accountId);
    expect(new Set(separateAccounts.map((e) => e.accountId)).size).toBe(separateAccounts.length);
  });
});
