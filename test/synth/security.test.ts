// The security stack on every fixture environment: the environment key, its policy and the permissions boundary.
import { FIXTURES } from '../fixtures';
import { fixtureEnvironments, onlyResource, policyOf, synthFixtureOnce } from '../support/synth';

const CRYPTO_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:*', '*'];

describe.each(fixtureEnvironments(FIXTURES))('$fixture.name $env-security', ({ fixture, env, input, prefix }) => {
  const stack = synthFixtureOnce(fixture).stacks[`${env}-security`];
  const key = onlyResource(stack, 'aws_kms_key');
  const statements = policyOf(key.policy).Statement;

  it('creates a customer-managed key with automatic rotation', () => {
    expect(key).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      key_usage: 'ENCRYPT_DECRYPT',
    });
  });

  it('keeps a deleted key recoverable for 30 days in production and 7 days by default elsewhere', () => {
    expect(key.deletion_window_in_days).toBe(input.production ? 30 : 7);
  });

  it('names the key alias/<project>-<env>', () => {
    expect(onlyResource(stack, 'aws_kms_alias').name).toBe(`alias/${prefix}`);
  });

  it('never grants anything to a wildcard principal', () => {
    for (const statement of statements) {
      expect(JSON.stringify(statement.Principal)).not.toMatch(/"\*"/);
      expect(statement.Principal).not.toBe('*');
    }
  });

  it('gives the account root administration without any cryptographic use', () => {
    const admin = statements.find((s) => s.Sid === 'AccountRootAdministersKey');
    expect(admin?.Principal).toEqual({ AWS: expect.stringMatching(/^arn:aws:iam::\d{12}:root$/) });
    expect(admin?.Condition).toBeUndefined();
    for (const action of CRYPTO_ACTIONS) expect(admin?.Action).not.toContain(action);
    expect(admin?.Action).not.toContain('kms:CreateGrant');
  });

  it('grants cryptographic use only under a service or encryption-context condition', () => {
    const uses = statements.filter((s) =>
      [s.Action].flat().some((a) => CRYPTO_ACTIONS.includes(a as string) || a === 'kms:CreateGrant'),
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const statement of uses) {
      const conditions = JSON.stringify(statement.Condition ?? {});
      expect(conditions).toMatch(/kms:ViaService|kms:EncryptionContext:/);
    }
  });

  it('lets project roles decrypt directly only values encrypted for one of their functions', () => {
    const direct = statements.find((s) => s.Sid === 'EnvironmentRolesDecryptLambdaValuesWithFunctionContext');
    expect(direct?.Action).toEqual(['kms:Decrypt']);
    expect(direct?.Condition).toMatchObject({
      ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${input.accountId}:role/${prefix}-*` },
      StringLike: { 'kms:EncryptionContext:LambdaFunctionName': `${prefix}-*` },
    });
  });

  it('lets CloudWatch Logs use the key only for this account and region', () => {
    const logs = statements.find((s) => s.Principal && JSON.stringify(s.Principal).includes('logs.'));
    expect(logs?.Principal).toEqual({ Service: `logs.${input.region}.amazonaws.com` });
    expect(logs?.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${input.region}:${input.accountId}:log-group:*` },
    });
  });

  it('creates no IAM policy: the environment boundary belongs to the bootstrap stack, under /delivery/', () => {
    expect(stack?.resource?.aws_iam_policy).toBeUndefined();
    expect(stack?.output?.permissionsBoundaryArn?.value).toMatch(
      new RegExp(`^arn:aws:iam::\\d{12}:policy/delivery/${prefix}-boundary$`),
    );
  });

  it('publishes its typed outputs with descriptions', () => {
    const published = Object.entries(stack?.output ?? {}).filter(([name]) => !name.startsWith('cross-stack-output-'));
    expect(published.map(([name]) => name).sort()).toEqual(['keyAlias', 'keyArn', 'keyId', 'permissionsBoundaryArn']);
    for (const [, output] of published) expect(output.description).toBeTruthy();
  });
});
