import {
  bootstrapTargets,
  branchProblem,
  type DeliveryInput,
  deliveryNames,
  deliveryRoleArn,
  environmentDelivery,
  sampleRepositoryProblem,
  stateKeyAliasArn,
  validateDelivery,
} from '../../lib/config/delivery';
import { ConfigError, type EnvironmentInput, validateProject } from '../../lib/config/validate';

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
      `delivery github.ownerId is required with subjectFormat "immutable-id" (find it with \`gh api repos/OWNER/REPO --jq '.owner.id, .id'\`; an older repository that has not opted in sets subjectFormat: "name")`,
      `delivery github.repositoryId is required with subjectFormat "immutable-id" (find it with \`gh api repos/OWNER/REPO --jq '.owner.id, .id'\`; an older repository that has not opted in sets subjectFormat: "name")`,
    ]);
  });

  it('defaults to the id-based subjects GitHub gives repositories made since 15 July 2026, and fails closed without the ids', () => {
    const { subjectFormat: _, ...unset } = GITHUB;

    const problems = problemsOf(() => validateDelivery({ github: unset }));
    const withIds = validateDelivery({ github: { ...unset, ownerId: '123456', repositoryId: '789012' } });

    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain(
      'delivery github.ownerId is required with subjectFormat "immutable-id" (the default: GitHub gives repositories created or renamed since 15 July 2026 id-based subjects)',
    );
    expect(withIds.github.subjectFormat).toBe('immutable-id');
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

describe('unknown keys in config/delivery.ts', () => {
  it('refuses a misspelled key anywhere, naming where it is, what was meant and the file', () => {
    // Arrange: `brnach` would otherwise be dropped and the environment deploy from main.
    const input = {
      github: { ...GITHUB, repositry: 'infra' },
      bootstrap: { remoteStat: true },
      environments: { dev: { brnach: 'release', reviewers: { user: ['alice'] } } },
      enviroments: {},
    } as unknown as DeliveryInput;

    // Act
    const act = () => validateDelivery(input);

    // Assert
    expect(act).toThrow('invalid configuration (config/delivery.ts):');
    expect(problemsOf(act)).toEqual([
      'delivery github.repositry is not a known setting (did you mean "github.repository"?); known here: owner, repository, subjectFormat, ownerId, repositoryId',
      'delivery bootstrap.remoteStat is not a known setting (did you mean "bootstrap.remoteState"?); known here: noncurrentVersionDays, noncurrentVersionsKept, accessLogBucket, createOidcProvider, remoteState',
      'delivery enviroments is not a known setting (did you mean "environments"?); known here: github, bootstrap, environments',
      'delivery environments.dev.brnach is not a known setting (did you mean "branch"?); known here: branch, reviewers',
      'delivery environments.dev.reviewers.user is not a known setting (did you mean "reviewers.users"?); known here: users, teams',
    ]);
  });

  it('names config/delivery.ts, not config/environments.ts, for a production environment without reviewers', () => {
    const project = validateProject({
      name: 'acme',
      environments: {
        prod: environment('222222222222', { production: true, alarms: { emails: ['oncall@example.com'] } }),
      },
    });

    expect(() => environmentDelivery(project, validateDelivery({ github: GITHUB }))).toThrow(
      'invalid configuration (config/delivery.ts):',
    );
  });
});

describe('delivery settings per environment', () => {
  const project = validateProject({
    name: 'acme',
    environments: {
      dev: environment('111111111111'),
      prod: environment('222222222222', {
        production: true,
        cidr: '10.20.0.0/16',
        alarms: { emails: ['oncall@example.com'] },
      }),
    },
  });

  it('deploys from main unless a branch is configured, and keeps the configured reviewers', () => {
    const delivery = validateDelivery({
      github: GITHUB,
      environments: { prod: { branch: 'release/2026', reviewers: { users: ['octocat'], teams: ['sre'] } } },
    });

    expect(environmentDelivery(project, delivery)).toEqual({
      dev: { branch: 'main', reviewers: { users: [], teams: [] } },
      prod: { branch: 'release/2026', reviewers: { users: ['octocat'], teams: ['sre'] } },
    });
  });

  it('refuses a production environment without reviewers, in one line naming the setting', () => {
    const delivery = validateDelivery({ github: GITHUB, environments: { prod: { reviewers: { users: [] } } } });

    expect(problemsOf(() => environmentDelivery(project, delivery))).toEqual([
      'delivery environments.prod.reviewers is empty, but prod is a production environment: list at least one GitHub login (users) or team slug (teams) who approves its deploys',
    ]);
  });

  it('refuses settings for an environment the project does not have', () => {
    const delivery = validateDelivery({
      github: GITHUB,
      environments: { qa: {}, prod: { reviewers: { teams: ['sre'] } } },
    });

    expect(problemsOf(() => environmentDelivery(project, delivery))).toEqual([
      'delivery environments.qa: no environment "qa" in the project (have dev, prod)',
    ]);
  });

  it('names a branch, reviewer or team GitHub would not accept', () => {
    const problems = problemsOf(() =>
      validateDelivery({
        github: GITHUB,
        environments: {
          dev: { branch: 'feature branch' },
          prod: { branch: 'main:evil', reviewers: { users: ['bad login'], teams: ['Platform Team'] } },
        },
      }),
    );

    expect(problems).toEqual([
      'delivery environments.dev.branch "feature branch" contains a character git refuses in a branch name (space, ~ ^ : ? * [ \\ or a control character) (use e.g. "main")',
      'delivery environments.prod.branch "main:evil" contains a character git refuses in a branch name (space, ~ ^ : ? * [ \\ or a control character) (use e.g. "main")',
      'delivery environments.prod.reviewers.users "bad login" is not a GitHub login',
      'delivery environments.prod.reviewers.teams "Platform Team" is not a team slug (lowercase, e.g. "platform-team")',
    ]);
  });

  it.each([
    ['main', undefined],
    ['release/2026.1', undefined],
    ['feat/x_y-z', undefined],
    ['', 'must be 1 to 255 characters'],
    ['-main', 'is not a valid branch name'],
    ['a..b', 'has an empty or ".." path component'],
    ['a//b', 'has an empty or ".." path component'],
    ['/main', 'has an empty or ".." path component'],
    ['main.lock', 'has a component starting with "." or ending with ".lock" or "."'],
    ['.hidden/x', 'has a component starting with "." or ending with ".lock" or "."'],
    ['main.', 'has a component starting with "." or ending with ".lock" or "."'],
    ['a@{1}', 'is not a valid branch name'],
    ['refs/heads/main', 'must be the short name, without refs/heads/'],
    ['ma*in', expect.stringContaining('git refuses')],
    ['ma?in', expect.stringContaining('git refuses')],
    ['ma\tin', expect.stringContaining('git refuses')],
  ])('branch %j: %s', (branch, expected) => {
    expect(branchProblem(branch)).toEqual(expected);
  });
});

describe('the sample repository', () => {
  it('is named as the problem, whatever its case', () => {
    expect(
      sampleRepositoryProblem({ github: { ...GITHUB, owner: 'ACME', repository: 'secure-serverless-cdktf' } }),
    ).toBe(
      'config/delivery.ts still names the sample repository acme/secure-serverless-cdktf: set github.owner and github.repository to the repository that deploys this project',
    );
  });

  it('is not any other repository', () => {
    expect(sampleRepositoryProblem({ github: GITHUB })).toBeUndefined();
    expect(
      sampleRepositoryProblem({ github: { ...GITHUB, owner: 'acme-corp', repository: 'secure-serverless-cdktf' } }),
    ).toBeUndefined();
  });
});

describe('bootstrapTargets', () => {
  it('makes one target per account, holding every environment of that account', () => {
    const targets = targetsOf({
      dev: environment('111111111111'),
      qa: environment('111111111111', { cidr: '10.11.0.0/16' }),
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
      targetsOf({ dev: environment('111111111111'), 'dev-eu': environment('111111111111', { cidr: '10.11.0.0/16' }) }),
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
    expect(deliveryRoleArn('111111111111', deliveryNames.deployRole('acme', 'dev'), 'eu-west-1')).toBe(
      'arn:aws:iam::111111111111:role/delivery/acme-dev-deploy',
    );
    // The role the pipeline assumes is in the partition of the environment's region.
    expect(deliveryRoleArn('111111111111', deliveryNames.planRole('acme'), 'us-gov-west-1')).toBe(
      'arn:aws-us-gov:iam::111111111111:role/delivery/acme-plan',
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
