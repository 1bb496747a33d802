import {
  bootstrapTargets,
  type DeliveryInput,
  deliveryNames,
  deliveryRoleArn,
  stateKeyAliasArn,
  validateDelivery,
} from '../../config/delivery';
import { ConfigError, type EnvironmentInput, validateProject } from '../../config/validate';

const GITHUB: DeliveryInput['github'] = { owner: 'acme', repository: 'infra', subjectFormat: 'name' };

/** The problems a ConfigError lists, or [] when `act` does not throw one. */
function problemsOf(act: () => unknown): readonly string[] {
  try {
    act();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const environment = (accountId: string, extra: Partial<EnvironmentInput> = {}): EnvironmentInput => ({
  accountId,
  region: 'eu-west-1',
  cidr: '10.10.0.0/16',
  ...extra,
});
const targetsOf = (environments: Record<string, EnvironmentInput>) =>
  bootstrapTargets(validateProject({ name: 'acme', environments }));

describe('validateDelivery', () => {
  it('applies the bootstrap defaults', () => {
    const config = validateDelivery({ github: GITHUB });

    expect(config.bootstrap).toEqual({
      noncurrentVersionDays: 90,
      noncurrentVersionsKept: 10,
      createOidcProvider: true,
      remoteState: false,
    });
  });

  it('accepts the immutable-id format with both numeric ids', () => {
    const github = { ...GITHUB, subjectFormat: 'immutable-id' as const, ownerId: '123456', repositoryId: '789012' };

    expect(validateDelivery({ github }).github).toEqual(github);
  });

  it('asks for the ids, and says where to find them, when the immutable-id format has none', () => {
    const problems = problemsOf(() => validateDelivery({ github: { ...GITHUB, subjectFormat: 'immutable-id' } }));

    expect(problems).toEqual([
      `delivery github.ownerId is required with subjectFormat "immutable-id" (find it with \`gh api repos/OWNER/REPO --jq '.owner.id, .id'\`)`,
      `delivery github.repositoryId is required with subjectFormat "immutable-id" (find it with \`gh api repos/OWNER/REPO --jq '.owner.id, .id'\`)`,
    ]);
  });

  it('names each wrong field and the fix', () => {
    const problems = problemsOf(() =>
      validateDelivery({
        github: { owner: '-acme', repository: 'acme/infra', subjectFormat: 'id' as 'name', ownerId: '12a' },
        bootstrap: {
          noncurrentVersionDays: 0,
          accessLogBucket: 'Logs_Bucket',
          remoteState: 'yes' as unknown as boolean,
        },
      }),
    );

    expect(problems).toEqual([
      'delivery github.owner "-acme" is not a GitHub user or organization name (use e.g. "acme")',
      'delivery github.repository "acme/infra" is not a repository name (use the name without the owner, e.g. "infra")',
      'delivery github.subjectFormat "id" must be one of name, immutable-id',
      `delivery github.ownerId "12a" must be GitHub's numeric id, as a string`,
      'delivery bootstrap.noncurrentVersionDays 0 must be a whole number from 1 to 3650',
      'delivery bootstrap.accessLogBucket "Logs_Bucket" is not a valid S3 bucket name (or remove it to turn access logging off)',
      'delivery bootstrap.remoteState must be true or false',
    ]);
  });
});

describe('bootstrapTargets', () => {
  it('makes one target per account, holding every environment of that account', () => {
    const targets = targetsOf({
      dev: environment('111111111111'),
      qa: environment('111111111111'),
      prod: environment('333333333333', {
        production: true,
        stateBucket: 'acme-prod-state',
        alarms: { emails: ['oncall@acme.example'] },
      }),
    });

    expect(targets.map((t) => [t.accountId, t.stateBucket, t.environments.map((e) => e.name)])).toEqual([
      ['111111111111', 'acme-tfstate-111111111111', ['dev', 'qa']],
      ['333333333333', 'acme-prod-state', ['prod']],
    ]);
  });

  it('refuses environments of one account that disagree on region or state bucket', () => {
    const problems = problemsOf(() =>
      targetsOf({
        dev: environment('111111111111', { stateBucket: 'acme-a' }),
        qa: environment('111111111111', { region: 'us-east-1', stateBucket: 'acme-b' }),
      }),
    );

    expect(problems).toEqual([
      'environments dev, qa share account 111111111111 but not a region (eu-west-1, us-east-1): the bootstrap keeps one state bucket per account, so give them one region or separate accounts',
      'environments dev, qa share account 111111111111 but not a stateBucket (acme-a, acme-b): set the same stateBucket on all of them',
    ]);
  });

  it("refuses, in one account, an environment name that extends another's with a dash", () => {
    const problems = problemsOf(() =>
      targetsOf({ dev: environment('111111111111'), 'dev-eu': environment('111111111111') }),
    );

    expect(problems).toEqual([
      `environments "dev" and "dev-eu" share account 111111111111 and "dev-eu" starts with "dev-": IAM patterns like acme-dev-* would let dev's roles change dev-eu; rename one of them`,
    ]);
  });

  it('allows such names in separate accounts, where the patterns cannot meet', () => {
    expect(targetsOf({ dev: environment('111111111111'), 'dev-eu': environment('222222222222') })).toHaveLength(2);
  });

  it('keeps the name "bootstrap" for the bootstrap stack', () => {
    expect(problemsOf(() => targetsOf({ bootstrap: environment('111111111111') }))).toEqual([
      'environment name "bootstrap" is reserved for the bootstrap stack; choose another name',
    ]);
  });
});

describe('delivery names', () => {
  it('puts the pipeline roles under the /delivery/ path, out of reach of the deploy roles', () => {
    expect(deliveryRoleArn('111111111111', deliveryNames.deployRole('acme', 'dev'))).toBe(
      'arn:aws:iam::111111111111:role/delivery/acme-dev-deploy',
    );
    expect(deliveryNames.planRole('acme')).toBe('acme-plan');
    expect(deliveryNames.stateKeyAlias('acme')).toBe('alias/acme-tfstate');
  });

  it('names the state key by its alias ARN, for the S3 backends kms_key_id', () => {
    expect(stateKeyAliasArn('acme', '111111111111', 'eu-west-1')).toBe(
      'arn:aws:kms:eu-west-1:111111111111:alias/acme-tfstate',
    );
  });
});
