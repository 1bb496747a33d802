// The secrets stack on the fixture configs: secrets, rotation, their policies and the optional database.
import { allFeatures, type Fixture, multiAccount, singleAccount } from '../fixtures';
import { onlyResource, policyOf, resourcesOf, synthFixtureOnce } from '../support/synth';

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

  it('creates the webhook secret, and the database credential where a database is enabled', () => {
    expect(secrets.map(([, s]) => s.name).sort()).toEqual(
      withDatabase
        ? [`${project}/${env}/database/app`, `${project}/${env}/webhook-signing-secret`]
        : [`${project}/${env}/webhook-signing-secret`],
    );
  });

  it('encrypts every secret with the environment key, never the AWS-managed one', () => {
    for (const [, secret] of secrets) {
      expect(secret.kms_key_id).toMatch(/terraform_remote_state\.cross-stack-reference-input-.*-security\.outputs\./);
    }
  });

  it('keeps deleted secrets recoverable for the configured window (7 days unless a non-production one opts out)', () => {
    for (const [, secret] of secrets) expect(secret.recovery_window_in_days).toBe(recoveryWindowDays);
  });

  it('rotates every secret on the configured schedule with its own function', () => {
    const rotations = Object.values(resourcesOf(stack, 'aws_secretsmanager_secret_rotation'));
    expect(rotations).toHaveLength(secrets.length);
    const rotatedSecretRefs = rotations.map((r) => r.secret_id).sort();
    expect(rotatedSecretRefs).toEqual(secrets.map(([name]) => `\${aws_secretsmanager_secret.${name}.arn}`).sort());
    for (const rotation of rotations) {
      expect(rotation).toMatchObject({ rotation_rules: { automatically_after_days: 30 }, rotate_immediately: true });
      expect(rotation.rotation_lambda_arn).toMatch(/^\$\{aws_lambda_function\.[\w-]+\.arn\}$/);
    }
  });

  it('lets only Secrets Manager invoke a rotation function, for its own secret in this account', () => {
    const permissions = Object.values(resourcesOf(stack, 'aws_lambda_permission'));
    expect(permissions).toHaveLength(secrets.length);
    for (const permission of permissions) {
      expect(permission).toMatchObject({
        action: 'lambda:InvokeFunction',
        principal: 'secretsmanager.amazonaws.com',
        source_account: expect.stringMatching(/^\d{12}$/),
        source_arn: expect.stringMatching(secretArnRef),
      });
    }
  });

  it('denies other accounts and lets only the consumer and the rotation role read each value', () => {
    const policies = Object.values(resourcesOf(stack, 'aws_secretsmanager_secret_policy'));
    expect(policies).toHaveLength(secrets.length);
    for (const policy of policies) {
      expect(policy.block_public_policy).toBe(true);
      const [crossAccount, readers] = policyOf(policy.policy).Statement;
      expect(crossAccount).toMatchObject({
        Effect: 'Deny',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': expect.any(String) } },
      });
      expect(readers).toMatchObject({ Effect: 'Deny', Action: 'secretsmanager:GetSecretValue' });
      const conditions = readers?.Condition as Record<string, Record<string, string[]>> | undefined;
      const allowed = conditions?.ArnNotLike?.['aws:PrincipalArn'];
      expect(allowed).toHaveLength(2);
      expect(allowed?.every((arn) => arn.startsWith(`arn:aws:iam::${account}:role/${project}-${env}-`))).toBe(true);
    }
  });

  it('scopes each rotation role to its own secret', () => {
    const roles = resourcesOf(stack, 'aws_iam_role_policy');
    for (const [name, rolePolicy] of Object.entries(roles)) {
      const statements = policyOf(rolePolicy.policy).Statement;
      const rotate = statements.find((s) => s.Sid === 'RotateOwnSecret');
      expect(rotate?.Resource).toMatch(secretArnRef);
      const keyUse = statements.find((s) => s.Sid === 'UseKeyForOwnSecret');
      expect(keyUse?.Condition).toEqual({
        StringEquals: {
          'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
          'kms:EncryptionContext:SecretARN': rotate?.Resource,
        },
      });
      expect(name).toMatch(/rotation_role_policy/);
    }
  });

  it('runs rotation functions in the isolated subnets with the function security group', () => {
    for (const fn of Object.values(resourcesOf(stack, 'aws_lambda_function'))) {
      const vpc = fn.vpc_config as { subnet_ids: string[]; security_group_ids: string[] };
      expect(vpc.subnet_ids).toHaveLength(azCount);
      for (const id of [...vpc.subnet_ids, ...vpc.security_group_ids]) {
        expect(id).toMatch(/cross-stack-reference-input-.*-network\.outputs\./);
      }
      expect(vpc.security_group_ids).toHaveLength(1);
      expect(fn.reserved_concurrent_executions).toBe(1);
    }
  });

  it('keeps the settings parameter as a SecureString on the environment key', () => {
    expect(onlyResource(stack, 'aws_ssm_parameter')).toMatchObject({
      name: `/${project}/${env}/app/config`,
      type: 'SecureString',
      key_id: expect.stringMatching(/cross-stack-reference-input-.*-security/),
    });
  });
});

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
