// The secrets stack on the fixture configs: secrets, rotation, their policies and the optional database.
import { allFeatures, type Fixture, multiAccount, singleAccount } from '../fixtures';
import {
  functionsWithSecretVariables,
  readersByResourcePolicy,
  readersByRolePolicies,
} from '../support/secret-readers';
import { fixtureEnvironments, onlyResource, policyOf, resourcesOf, synthFixtureOnce } from '../support/synth';

const secretArnRef = /^\$\{aws_secretsmanager_secret\.[\w-]+\.arn\}$/;
const multi = synthFixtureOnce(multiAccount).stacks;

interface SecretsCase {
  readonly fixture: Fixture;
  readonly env: string;
  readonly withDatabase: boolean;
  readonly recoveryWindowDays: number;
  readonly azCount: number;
}
const CASES: readonly SecretsCase[] = [
  { fixture: singleAccount, env: 'sandbox', withDatabase: false, recoveryWindowDays: 0, azCount: 2 },
  { fixture: multiAccount, env: 'uat', withDatabase: true, recoveryWindowDays: 7, azCount: 2 },
  { fixture: multiAccount, env: 'live', withDatabase: true, recoveryWindowDays: 7, azCount: 3 },
  { fixture: allFeatures, env: 'stage', withDatabase: true, recoveryWindowDays: 7, azCount: 2 },
];

describe.each(CASES)('$fixture.name $env-secrets', ({ fixture, env, withDatabase, recoveryWindowDays, azCount }) => {
  const stack = synthFixtureOnce(fixture).stacks[`${env}-secrets`];
  const secrets = Object.entries(resourcesOf(stack, 'aws_secretsmanager_secret'));
  const project = fixture.project.name;
  const region = fixture.project.environments[env]?.region;
  const account = fixture.project.environments[env]?.accountId;

  it('names every secret under <project>/<env>/ (the boundary pattern), with the webhook secret and, where a database is enabled, its credential among them', () => {
    const names = secrets.map(([, s]) => String(s.name));
    for (const name of names) expect(name.startsWith(`${project}/${env}/`)).toBe(true);
    expect(names).toContain(`${project}/${env}/webhook-signing-secret`);
    expect(names.includes(`${project}/${env}/database/app`)).toBe(withDatabase);
  });

  it('encrypts every secret with the environment key, never the AWS-managed one', () => {
    for (const [, secret] of secrets) {
      expect(secret.kms_key_id).toMatch(/terraform_remote_state\.cross-stack-reference-input-.*-security\.outputs\./);
    }
  });

  it('keeps deleted secrets recoverable for the configured window (7 days unless a non-production one opts out)', () => {
    for (const [, secret] of secrets) expect(secret.recovery_window_in_days).toBe(recoveryWindowDays);
  });

  const rotations = Object.values(resourcesOf(stack, 'aws_secretsmanager_secret_rotation'));
  const rotatedArns = rotations.map((r) => String(r.secret_id));

  it('rotates every rotated secret on the configured schedule with a function, the database credential among them', () => {
    const credential = secrets.find(([, s]) => String(s.name).endsWith('/database/app'));
    expect(rotatedArns.includes(`\${aws_secretsmanager_secret.${credential?.[0]}.arn}`)).toBe(withDatabase);
    for (const rotation of rotations) {
      expect(rotation).toMatchObject({ rotation_rules: { automatically_after_days: 30 } });
      expect(rotation.secret_id).toMatch(secretArnRef);
      expect(rotation.rotation_lambda_arn).toMatch(/^\$\{aws_lambda_function\.[\w-]+\.arn\}$/);
    }
  });

  it('lets only Secrets Manager invoke a rotation function, for its own secret in this account', () => {
    const permissions = Object.values(resourcesOf(stack, 'aws_lambda_permission'));
    expect(permissions.map((p) => p.source_arn).sort()).toEqual([...rotatedArns].sort());
    for (const permission of permissions) {
      expect(permission).toMatchObject({
        action: 'lambda:InvokeFunction',
        principal: 'secretsmanager.amazonaws.com',
        source_account: account,
        source_arn: expect.stringMatching(secretArnRef),
      });
    }
  });

  it('gives every secret a policy that denies other accounts and public access and names its readers', () => {
    const policies = Object.values(resourcesOf(stack, 'aws_secretsmanager_secret_policy'));
    for (const [name] of secrets) {
      expect(policies.map((p) => p.secret_arn)).toContain(`\${aws_secretsmanager_secret.${name}.arn}`);
    }
    for (const policy of policies) {
      expect(policy.block_public_policy).toBe(true);
      const [crossAccount, readers] = policyOf(policy.policy).Statement;
      expect(crossAccount).toMatchObject({
        Effect: 'Deny',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': account } },
      });
      expect(readers).toMatchObject({ Effect: 'Deny', Action: 'secretsmanager:GetSecretValue' });
    }
  });

  it('gives the RDS-managed master secret a policy that lets only the app credential rotation read it', () => {
    const master = Object.values(resourcesOf(stack, 'aws_secretsmanager_secret_policy')).filter((p) =>
      String(p.secret_arn).includes('master_user_secret'),
    );
    expect(master).toHaveLength(withDatabase ? 1 : 0);
    if (!withDatabase) return;
    const [crossAccount, readers] = policyOf(master[0]?.policy).Statement;
    const servicesKeepManagingIt = { Bool: { 'aws:PrincipalIsAWSService': 'false' } };
    expect(crossAccount).toMatchObject({
      Effect: 'Deny',
      Action: 'secretsmanager:*',
      Condition: servicesKeepManagingIt,
    });
    expect(readers).toMatchObject({
      Effect: 'Deny',
      Action: 'secretsmanager:GetSecretValue',
      Condition: {
        ...servicesKeepManagingIt,
        ArnNotLike: { 'aws:PrincipalArn': [expect.stringMatching(/:role\/[a-z0-9-]+-rotate-db-credential$/)] },
      },
    });
    expect(master[0]?.block_public_policy).toBe(true);
  });

  it('scopes each rotation role to its own secret', () => {
    const roles = Object.entries(resourcesOf(stack, 'aws_iam_role_policy')).filter(([name]) =>
      /rotation_role_policy/.test(name),
    );
    expect(roles).toHaveLength(rotations.length);
    for (const [, rolePolicy] of roles) {
      const statements = policyOf(rolePolicy.policy).Statement;
      const rotate = statements.find((s) => s.Sid === 'RotateOwnSecret');
      expect(rotatedArns).toContain(rotate?.Resource);
      const keyUse = statements.find((s) => s.Sid === 'UseKeyForOwnSecret');
      expect(keyUse?.Condition).toEqual({
        StringEquals: {
          'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
          'kms:EncryptionContext:SecretARN': rotate?.Resource,
        },
      });
    }
  });

  it('runs rotation functions in the isolated subnets with the function security group', () => {
    // A rotation that must reach a third party runs outside the VPC with exposure `internal` (the GitHub rotator).
    const inVpc = Object.values(resourcesOf(stack, 'aws_lambda_function')).filter(
      (fn) => (fn.tags as Record<string, string> | undefined)?.Exposure === 'private',
    );
    expect(inVpc.length).toBe(rotations.length);
    for (const fn of inVpc) {
      const vpc = fn.vpc_config as { subnet_ids: string[]; security_group_ids: string[] };
      expect(vpc.subnet_ids).toHaveLength(azCount);
      for (const id of [...vpc.subnet_ids, ...vpc.security_group_ids]) {
        expect(id).toMatch(/cross-stack-reference-input-.*-network\.outputs\./);
      }
      expect(vpc.security_group_ids).toHaveLength(1);
      expect(fn.reserved_concurrent_executions).toBe(1);
    }
  });

  it('keeps every parameter a SecureString on the environment key, its value written write-only, the settings among them', () => {
    const parameters = Object.values(resourcesOf(stack, 'aws_ssm_parameter'));
    expect(parameters.map((p) => p.name)).toContain(`/${project}/${env}/app/config`);
    for (const parameter of parameters) {
      expect(parameter).toMatchObject({
        type: 'SecureString',
        key_id: expect.stringMatching(/cross-stack-reference-input-.*-security/),
        value_wo: expect.any(String),
        value_wo_version: expect.any(Number),
      });
      expect(String(parameter.name).startsWith(`/${project}/${env}/`)).toBe(true);
      expect(parameter).not.toHaveProperty('value');
      expect(parameter).not.toHaveProperty('insecure_value');
    }
  });
});

// Derived from what synthesizes, for any set of secrets and functions: the two sides a grant writes agree.
describe.each(fixtureEnvironments([singleAccount, multiAccount, allFeatures]))(
  'secret readers of $fixture.name $env',
  ({ fixture, env }) => {
    const { stacks } = synthFixtureOnce(fixture);
    const byPolicy = readersByResourcePolicy(stacks, env);
    const byRoles = readersByRolePolicies(stacks, env);

    it("lists, in each secret's resource policy, exactly the roles whose own policies let them read it", () => {
      expect(byPolicy.size).toBeGreaterThan(0);
      for (const [secret, readers] of byPolicy) expect([secret, readers]).toEqual([secret, byRoles.get(secret) ?? []]);
    });

    it('leaves no role reading a secret of the environment that has no resource policy', () => {
      for (const secret of byRoles.keys()) expect([secret, byPolicy.has(secret)]).toEqual([secret, true]);
    });

    it('lets every function read, on both sides, each secret whose ARN its environment carries', () => {
      for (const fn of functionsWithSecretVariables(stacks, env)) {
        for (const secret of fn.secrets) {
          expect([fn.name, secret, byPolicy.get(secret)]).toEqual([fn.name, secret, expect.arrayContaining([fn.role])]);
          expect([fn.name, secret, byRoles.get(secret)]).toEqual([fn.name, secret, expect.arrayContaining([fn.role])]);
        }
      }
    });
  },
);

describe('the database', () => {
  it.each([
    ['uat', false],
    ['live', true],
  ])('in %s is private, encrypted, TLS-only and its master password is managed by RDS', (env, production) => {
    const stack = multi[`${env}-secrets`];
    const db = onlyResource(stack, 'aws_db_instance');
    expect(db).toMatchObject({
      engine: 'postgres',
      publicly_accessible: false,
      storage_encrypted: true,
      iam_database_authentication_enabled: true,
      manage_master_user_password: true,
      deletion_protection: production,
      multi_az: production,
    });
    expect(db.kms_key_id).toBe(db.master_user_secret_kms_key_id);
    expect(onlyResource(stack, 'aws_db_parameter_group').parameter).toContainEqual({
      name: 'rds.force_ssl',
      value: '1',
    });
  });

  it('is absent where the environment does not enable it', () => {
    expect(resourcesOf(multi['test-secrets'], 'aws_db_instance')).toEqual({});
  });

  it('lets the credential rotation read the RDS-managed master secret and nothing more', () => {
    const stack = multi['uat-secrets'];
    const rotator = Object.values(resourcesOf(stack, 'aws_lambda_function')).find(
      (f) => f.function_name === 'multi-uat-rotate-db-credential',
    );
    const variables = (rotator?.environment as { variables: Record<string, string> } | undefined)?.variables ?? {};
    expect(Object.keys(variables).sort()).toEqual(
      [
        'DB_CA_BUNDLE_PATH',
        'DB_HOST',
        'DB_NAME',
        'DB_PORT',
        'DB_USERNAME',
        'MASTER_SECRET_ARN',
        'NODE_OPTIONS',
        'POWERTOOLS_LOG_LEVEL',
        'POWERTOOLS_SERVICE_NAME',
      ].sort(),
    );
    expect(variables.MASTER_SECRET_ARN).toMatch(/aws_db_instance\.db\.master_user_secret\[0\]\.secret_arn/);
  });
});

describe('database logs', () => {
  it('go to log groups created beforehand with encryption and retention', () => {
    const stack = multi['live-secrets'];
    const db = onlyResource(stack, 'aws_db_instance');
    const groups = Object.values(resourcesOf(stack, 'aws_cloudwatch_log_group')).filter((g) =>
      String(g.name).startsWith('/aws/rds/'),
    );
    expect(groups.map((g) => g.name).sort()).toEqual([
      '/aws/rds/instance/multi-live-db/postgresql',
      '/aws/rds/instance/multi-live-db/upgrade',
    ]);
    for (const group of groups)
      expect(group).toMatchObject({ kms_key_id: expect.stringMatching(/security/), retention_in_days: 365 });
    expect(db.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/aws_cloudwatch_log_group\.db-logs-postgresql/)]),
    );
  });
});

describe('the webhook signing secret, by where its value comes from', () => {
  const full = synthFixtureOnce(allFeatures).stacks;
  const prod = full['prod-secrets'];
  const stage = full['stage-secrets'];
  const live = multi['live-secrets'];
  const secretNamed = (stack: typeof prod, suffix: string) =>
    Object.entries(resourcesOf(stack, 'aws_secretsmanager_secret')).find(([, s]) => String(s.name).endsWith(suffix));
  const policyFor = (stack: typeof prod, secretKey: string) =>
    policyOf(
      Object.values(resourcesOf(stack, 'aws_secretsmanager_secret_policy')).find(
        (p) => p.secret_arn === `\${aws_secretsmanager_secret.${secretKey}.arn}`,
      )?.policy,
    ).Statement;

  it('GitHub with a hook: rotates through rotate-github-webhook, outside the VPC, exposure internal', () => {
    const [signingKey] = secretNamed(prod, '/webhook-signing-secret') ?? [];
    const rotation = Object.values(resourcesOf(prod, 'aws_secretsmanager_secret_rotation')).find(
      (r) => r.secret_id === `\${aws_secretsmanager_secret.${signingKey}.arn}`,
    );
    const rotator = Object.values(resourcesOf(prod, 'aws_lambda_function')).find(
      (fn) => fn.function_name === 'full-prod-rotate-webhook-secret',
    );

    // Not at deploy time: the GitHub token is stored after the first deploy.
    expect(rotation).toMatchObject({ rotation_rules: { automatically_after_days: 30 }, rotate_immediately: false });
    expect(rotator?.vpc_config).toBeUndefined();
    expect(rotator?.tags).toMatchObject({ Exposure: 'internal' });
    expect((rotator?.environment as { variables: Record<string, string> } | undefined)?.variables).toMatchObject({
      GITHUB_HOOK_KIND: 'repository',
      GITHUB_HOOK_TARGET: 'full-org/full-stack',
      GITHUB_HOOK_ID: '123456789',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_TOKEN_SECRET_ARN: expect.stringMatching(secretArnRef),
    });
  });

  it('keeps the GitHub token in its own secret that only the rotator reads and operators only write', () => {
    const [tokenKey, token] = secretNamed(prod, '/github-webhook-token') ?? [];
    const statements = policyFor(prod, tokenKey ?? '');
    const readers = statements.find((s) => s.Sid === 'OnlyConsumersAndRotationReadTheValue');
    const operators = statements.find((s) => s.Sid === 'OperatorsManageTheValue');

    expect(token?.kms_key_id).toMatch(/-security\.outputs\./);
    expect(
      (readers?.Condition as Record<string, Record<string, string[]>> | undefined)?.ArnNotLike?.['aws:PrincipalArn'],
    ).toEqual(['arn:aws:iam::543210987654:role/full-prod-rotate-webhook-secret']);
    expect(operators?.Action).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue']);
  });

  it('admits the operator role for exactly set, show, rotate and revoke-previous on the GitHub signing secret', () => {
    const [signingKey] = secretNamed(prod, '/webhook-signing-secret') ?? [];
    const statements = policyFor(prod, signingKey ?? '');

    expect(statements.find((s) => s.Sid === 'OperatorsManageTheValue')).toEqual({
      Sid: 'OperatorsManageTheValue',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::543210987654:role/full-prod-webhook-secret-operator' },
      Action: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:PutSecretValue',
        'secretsmanager:GetSecretValue',
        'secretsmanager:RotateSecret',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      Resource: '*',
    });
    expect(statements.find((s) => s.Sid === 'OnlyRotationAndOperatorsChangeTheValue')).toMatchObject({
      Effect: 'Deny',
      Action: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
    });
  });

  it('lets only webhook.operatorPrincipals assume the operator role, which waits to exist before the policies name it', () => {
    const role = Object.values(resourcesOf(prod, 'aws_iam_role')).find(
      (r) => r.name === 'full-prod-webhook-secret-operator',
    );
    const trust = policyOf(role?.assume_role_policy).Statement;
    const policies = Object.values(resourcesOf(prod, 'aws_secretsmanager_secret_policy'));

    expect(trust.map((s) => s.Principal)).toEqual([{ AWS: ['arn:aws:iam::543210987654:role/full-webhook-operator'] }]);
    expect(role?.permissions_boundary).toBeDefined();
    expect(policies.filter((p) => String(p.secret_arn).match(/webhook-secret|github-token/))).toHaveLength(2);
    for (const policy of policies.filter((p) => String(p.secret_arn).match(/webhook-secret|github-token/))) {
      expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_iam_role\.webhook-secret-operator/)]);
    }
  });

  it('a generated Standard Webhooks secret: no rotation; operators set, show, rotate and revoke by hand, but not RotateSecret', () => {
    const [signingKey] = secretNamed(stage, '/webhook-signing-secret') ?? [];
    const operators = policyFor(stage, signingKey ?? '').find((s) => s.Sid === 'OperatorsManageTheValue');

    expect(operators?.Action).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:PutSecretValue',
      'secretsmanager:GetSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ]);
  });

  it('a provider-issued Slack secret without operators: no rotation, no operator role, only the webhook reads it', () => {
    const [signingKey] = secretNamed(live, '/webhook-signing-secret') ?? [];
    const statements = policyFor(live, signingKey ?? '');

    expect(Object.values(resourcesOf(live, 'aws_iam_role')).map((r) => r.name)).not.toContain(
      expect.stringMatching(/webhook-secret-operator/),
    );
    expect(statements.map((s) => s.Sid)).toEqual([
      'DenyEveryoneOutsideThisAccount',
      'OnlyConsumersAndRotationReadTheValue',
    ]);
  });
});

describe('RotatedSecret', () => {
  it('refuses a secret with both a rotation function and a reason for having none, naming the construct', async () => {
    const { Testing, TerraformStack } = await import('cdktf');
    const { RotatedSecret } = await import('../../lib/constructs/rotated-secret');
    const stack = new TerraformStack(Testing.app(), 'test');
    const props = {
      secretName: 'acme/dev/s',
      description: 'd',
      namePrefix: 'acme-dev',
      accountId: '111111111111',
      region: 'eu-west-1',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k',
      permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/b',
      logRetentionDays: 7,
      recoveryWindowDays: 7,
      rotationDays: 30,
      vpc: undefined,
    };

    expect(
      () =>
        new RotatedSecret(stack, 'both', {
          ...props,
          rotationBundle: 'rotate-github-webhook',
          rotationFunctionName: 'r',
          rotationOffReason: 'the sender issues this value, an operator stores it',
        }),
    ).toThrow(
      'test/both: give either rotationBundle and rotationFunctionName (automatic rotation) or rotationOffReason',
    );
    expect(() => new RotatedSecret(stack, 'neither', props)).toThrow('test/neither: give either');
  });
});
