import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { conditionHolds, conditionProblem, STACK_FACTS, stackFacts } from '../../tools/ci/scan-facts';
import { allFeatures, multiAccount, singleAccount } from '../fixtures';

const STACKS = ['test-secrets', 'uat-secrets', 'live-secrets', 'live-app', 'bootstrap'];

describe('stackFacts', () => {
  it('gives each environment stack the production and database facts of its environment', () => {
    const facts = stackFacts(STACKS, multiAccount.project, multiAccount.delivery);

    expect(facts['test-secrets']).toMatchObject({ environment: true, production: false, database: false });
    expect(facts['uat-secrets']).toMatchObject({ environment: true, production: false, database: true });
    expect(facts['live-app']).toMatchObject({ environment: true, production: true, database: true });
  });

  it('marks the bootstrap stack, with access logging only when the delivery config names a log bucket', () => {
    const without = stackFacts(['bootstrap'], singleAccount.project, singleAccount.delivery);
    const withLogs = stackFacts(['bootstrap'], singleAccount.project, {
      ...singleAccount.delivery,
      bootstrap: { accessLogBucket: 'solo-access-logs' },
    });

    expect(without.bootstrap).toMatchObject({ bootstrap: true, environment: false, accessLogging: false });
    expect(withLogs.bootstrap?.accessLogging).toBe(true);
  });

  it('reads the delivery settings only for a bootstrap stack, as synth does (it skips them for the sample repository)', () => {
    // The sample repository without its GitHub ids: synth writes no bootstrap stack and never validates it.
    const sample = { github: { owner: 'acme', repository: 'secure-serverless-cdktf' } };

    const act = () => stackFacts(['test-secrets'], multiAccount.project, sample);

    expect(act).not.toThrow();
    expect(() => stackFacts(['bootstrap'], multiAccount.project, sample)).toThrow('github.ownerId is required');
  });

  it('says where the webhook signing secret rotates itself: GitHub with a generated secret and a hook to update', () => {
    const withHook = stackFacts(['prod-secrets'], allFeatures.project, undefined);
    const withoutHook = stackFacts(['uat-secrets'], multiAccount.project, undefined);

    expect(withHook['prod-secrets']?.webhookSecretRotates).toBe(true);
    expect(withoutHook['uat-secrets']?.webhookSecretRotates).toBe(false);
  });

  it('gives a stack of an environment the config does not have no facts', () => {
    const facts = stackFacts(['gone-app'], singleAccount.project, undefined);

    expect(Object.values(facts['gone-app'] ?? {}).every((value) => value === false)).toBe(true);
  });
});

describe('skip conditions', () => {
  const uat = stackFacts(['uat-secrets'], multiAccount.project, undefined)['uat-secrets'];
  const live = stackFacts(['live-secrets'], multiAccount.project, undefined)['live-secrets'];

  it('hold when every named fact has the given value', () => {
    if (!uat || !live) throw new Error('no facts');
    expect(conditionHolds({ database: true, production: false }, uat)).toBe(true);
    expect(conditionHolds({ database: true, production: false }, live)).toBe(false);
    expect(conditionHolds(undefined, live)).toBe(true);
  });

  it('name an unknown fact and list the known ones', () => {
    expect(conditionProblem({ env: 'dev' })).toBe(
      `when: unknown fact "env" (known: ${Object.keys(STACK_FACTS).join(', ')})`,
    );
    expect(conditionProblem({ production: 'no' })).toBe('when: production must be true or false');
    expect(conditionProblem(['production'])).toMatch(/^when must be a mapping/);
    expect(conditionProblem({ production: false })).toBeUndefined();
  });
});

describe('.checkov-skips.yaml', () => {
  const entries = parse(readFileSync(join(__dirname, '../../.checkov-skips.yaml'), 'utf8')) as Array<{
    check: string;
    resources: string[];
    when?: unknown;
  }>;

  it('has well-formed conditions', () => {
    for (const entry of entries) expect([entry.check, conditionProblem(entry.when)]).toEqual([entry.check, undefined]);
  });

  it('names no environment: each path starts with a wildcard or the bootstrap stack', () => {
    for (const entry of entries) {
      for (const resource of entry.resources) expect(resource).toMatch(/^(\*|bootstrap\/)/);
    }
  });
});
