// The app stack on the fixture configs: both functions, their URLs, roles and settings, per environment.
import { API_TIMEOUTS, worstCaseDatabaseMs } from '../../functions/api/timeouts';
import { allFeatures, type Fixture, multiAccount, singleAccount } from '../fixtures';
import { configWith, policyOf, resourcesOf, type SynthResult, synthFixtureOnce, synthProject } from '../support/synth';

type Resource = Record<string, unknown>;
type Stacks = SynthResult['stacks'];
const byName = (stacks: Stacks, stack: string, type: string, field: string, value: string): Resource => {
  const found = Object.values(resourcesOf(stacks[stack], type)).find((r) => r[field] === value);
  if (!found) throw new Error(`no ${type} with ${field}=${value} in ${stack}`);
  return found;
};
const statementsOf = (stacks: Stacks, stack: string, roleName: string) => {
  const policies = Object.entries(resourcesOf(stacks[stack], 'aws_iam_role_policy'));
  const roleKey = Object.entries(resourcesOf(stacks[stack], 'aws_iam_role')).find(([, r]) => r.name === roleName)?.[0];
  const policy = policies.find(([, p]) => p.role === `\${aws_iam_role.${roleKey}.name}`)?.[1];
  return policyOf(policy?.policy).Statement;
};

/** What each fixture environment configures (or leaves at its default), written out by hand. */
interface AppCase {
  readonly fixture: Fixture;
  readonly env: string;
  readonly retentionDays: number;
  readonly webhookConcurrency: number;
  readonly apiConcurrency: number;
  readonly scheme: string;
  readonly toleranceSeconds: string;
  /** WEBHOOK_PREVIOUS_SECRET_GRACE_SECONDS: webhook.previousSecretGraceHours x 3600 (default 24 h). */
  readonly graceSeconds: string;
  readonly database: boolean;
}
const CASES: readonly AppCase[] = [
  {
    fixture: singleAccount,
    env: 'sandbox',
    retentionDays: 7,
    webhookConcurrency: 10,
    apiConcurrency: 5,
    scheme: 'github',
    toleranceSeconds: '300',
    graceSeconds: '86400',
    database: false,
  },
  {
    fixture: multiAccount,
    env: 'uat',
    retentionDays: 30,
    webhookConcurrency: 10,
    apiConcurrency: 5,
    scheme: 'stripe',
    toleranceSeconds: '300',
    graceSeconds: '86400',
    database: true,
  },
  {
    fixture: multiAccount,
    env: 'live',
    retentionDays: 365,
    webhookConcurrency: 40,
    apiConcurrency: 15,
    scheme: 'slack',
    toleranceSeconds: '300',
    graceSeconds: '86400',
    database: true,
  },
  {
    fixture: allFeatures,
    env: 'prod',
    retentionDays: 731,
    webhookConcurrency: 10,
    apiConcurrency: 5,
    scheme: 'github',
    toleranceSeconds: '120',
    graceSeconds: '43200',
    database: true,
  },
];

describe.each(CASES)('$fixture.name $env-app', (c) => {
  const { stacks } = synthFixtureOnce(c.fixture);
  const { env } = c;
  const prefix = `${c.fixture.project.name}-${env}`;
  const input = c.fixture.project.environments[env];
  const stack = `${env}-app`;
  const webhook = () => byName(stacks, stack, 'aws_lambda_function', 'function_name', `${prefix}-webhook`);
  const api = () => byName(stacks, stack, 'aws_lambda_function', 'function_name', `${prefix}-api`);

  it('runs both functions on Node.js 24, arm64, traced, with JSON logs to their own encrypted log group', () => {
    for (const fn of [webhook(), api()]) {
      expect(fn).toMatchObject({
        runtime: 'nodejs24.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        tracing_config: { mode: 'Active' },
        logging_config: { log_format: 'JSON', log_group: expect.stringMatching(/aws_cloudwatch_log_group/) },
        kms_key_arn: expect.stringMatching(/cross-stack-reference-input-.*-security/),
        dead_letter_config: { target_arn: expect.stringMatching(/aws_sqs_queue/) },
      });
    }
    for (const group of Object.values(resourcesOf(stacks[stack], 'aws_cloudwatch_log_group'))) {
      expect(group.kms_key_id).toMatch(/cross-stack-reference-input-.*-security/);
      expect(group.retention_in_days).toBe(c.retentionDays);
    }
  });

  it('reserves the configured concurrency', () => {
    expect(webhook().reserved_concurrent_executions).toBe(c.webhookConcurrency);
    expect(api().reserved_concurrent_executions).toBe(c.apiConcurrency);
  });

  it('passes only names and ARNs in environment variables', () => {
    const variables = (webhook().environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({
      WEBHOOK_SCHEME: c.scheme,
      WEBHOOK_TOLERANCE_SECONDS: c.toleranceSeconds,
      WEBHOOK_MAX_BODY_BYTES: '262144',
      WEBHOOK_PREVIOUS_SECRET_GRACE_SECONDS: c.graceSeconds,
      WEBHOOK_SECRET_ARN: expect.stringMatching(/cross-stack-reference-input-.*-secrets/),
    });
    const apiVariables = (api().environment as { variables: Record<string, string> }).variables;
    expect('DB_SECRET_ARN' in apiVariables).toBe(c.database);
    for (const value of [...Object.values(variables), ...Object.values(apiVariables)]) {
      expect(value).not.toMatch(/password|whsec_|BEGIN /i);
    }
  });

  it('lets the API decrypt values encrypted for it only when the environment configures a signing key', () => {
    const configured = input?.api?.signingKeyCiphertext !== undefined;
    const apiVariables = (api().environment as { variables: Record<string, string> }).variables;
    expect('API_SIGNING_KEY_ENCRYPTED' in apiVariables).toBe(configured);
    const sids = statementsOf(stacks, stack, `${prefix}-api`).map((statement) => statement.Sid);
    expect(sids.includes('DecryptValuesEncryptedForThisFunction')).toBe(configured);
  });

  it('keeps the API in the isolated subnets and the webhook outside any VPC', () => {
    expect(api().vpc_config).toMatchObject({ security_group_ids: [expect.stringMatching(/network\.outputs\./)] });
    expect(webhook().vpc_config).toBeUndefined();
  });

  it('gives the API a timeout longer than its database budget, so a slow database answers 503', () => {
    expect(api().timeout).toBe(API_TIMEOUTS.functionSeconds);
    expect(worstCaseDatabaseMs() + API_TIMEOUTS.headroomMs).toBeLessThanOrEqual(Number(api().timeout) * 1000);
  });

  it('puts the webhook behind a public URL with exactly the two statements AWS requires', () => {
    const urls = Object.values(resourcesOf(stacks[stack], 'aws_lambda_function_url'));
    expect(urls.map((u) => u.authorization_type).sort()).toEqual(['AWS_IAM', 'NONE']);
    // The webhook's own statements: other functions of the stack (a rotation a team adds) have theirs.
    const permissions = Object.values(resourcesOf(stacks[stack], 'aws_lambda_permission'))
      .filter((p) => /webhook/.test(String(p.function_name)))
      .map(({ '//': _, ...p }) => p)
      .sort((a, b) => String(a.statement_id).localeCompare(String(b.statement_id)));
    expect(permissions).toEqual([
      {
        statement_id: 'FunctionURLAllowInvokeAction',
        action: 'lambda:InvokeFunction',
        function_name: expect.stringMatching(/webhook/),
        principal: '*',
        invoked_via_function_url: true,
      },
      {
        statement_id: 'FunctionURLAllowPublicAccess',
        action: 'lambda:InvokeFunctionUrl',
        function_name: expect.stringMatching(/webhook/),
        principal: '*',
        function_url_auth_type: 'NONE',
      },
    ]);
  });

  it("creates the public URL's statements before the URL, so the provider finds them and adds no second copy", () => {
    const publicUrl = Object.values(resourcesOf(stacks[stack], 'aws_lambda_function_url')).find(
      (u) => u.authorization_type === 'NONE',
    );
    const permissionAddresses = Object.entries(resourcesOf(stacks[stack], 'aws_lambda_permission'))
      .filter(([, p]) => p.function_name === publicUrl?.function_name)
      .map(([name]) => `aws_lambda_permission.${name}`);
    expect([...((publicUrl?.depends_on as string[]) ?? [])].sort()).toEqual(permissionAddresses.sort());
  });

  it('lets the webhook role read its signing secret and nothing else', () => {
    const statements = statementsOf(stacks, stack, `${prefix}-webhook`);
    const secretReads = statements.filter((s) =>
      [s.Action].flat().some((a) => String(a).startsWith('secretsmanager:')),
    );
    expect(secretReads).toEqual([
      {
        Sid: 'ReadSigningSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: expect.stringMatching(/secrets\.outputs\.[\w-]*webhook/i),
      },
    ]);
  });

  it('lets the invoker role call the API URL, only through the URL, and nothing else', () => {
    const statements = statementsOf(stacks, stack, `${prefix}-api-invoker`);
    expect(statements).toEqual([
      expect.objectContaining({
        Action: ['lambda:InvokeFunctionUrl'],
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
      }),
      expect.objectContaining({
        Action: ['lambda:InvokeFunction'],
        Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': true } },
      }),
    ]);
    for (const statement of statements)
      expect(statement.Resource).toMatch(/^\$\{aws_lambda_function\.api_function_\w+\.arn\}$/);
  });

  it('gives every role the permissions boundary and a trust limited to this account and function', () => {
    for (const role of Object.values(resourcesOf(stacks[stack], 'aws_iam_role'))) {
      // The environment boundary, owned by the bootstrap stack under /delivery/ (out of the deploy role's reach).
      expect(role.permissions_boundary).toBe(`arn:aws:iam::${input?.accountId}:policy/delivery/${prefix}-boundary`);
      const [trust] = policyOf(role.assume_role_policy).Statement;
      if (role.name === `${prefix}-api-invoker`) continue;
      const account = input?.accountId;
      expect(trust?.Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:aws:lambda:${input?.region}:${account}:function:${role.name}` },
      });
    }
  });

  it('publishes the URLs and the invoker role for the CLIs, and what the monitoring stack watches', () => {
    const published = Object.keys(stacks[stack]?.output ?? {}).filter((n) => !n.startsWith('cross-stack-output-'));
    expect(published.sort()).toEqual([
      'apiFunctionName',
      'apiFunctionUrl',
      'apiInvokerRoleArn',
      'apiLogGroupName',
      'functions',
      ...(input?.webhook?.delivery === false ? [] : ['webhookDelivery']),
      'webhookFunctionName',
      'webhookFunctionUrl',
      'webhookLogGroupName',
    ]);
  });
});

describe.each([singleAccount, allFeatures])('every stack of $name', (fixture) => {
  it('requires an AWS provider that knows invoked_via_function_url', () => {
    for (const stack of Object.values(synthFixtureOnce(fixture).stacks)) {
      // cdktf writes the source as "aws", CDK Terrain (npm run migrate:cdktn) as "hashicorp/aws": the same provider.
      expect(stack.terraform?.required_providers).toEqual({
        aws: { source: expect.stringMatching(/^(hashicorp\/)?aws$/), version: '>= 6.28.0, < 7.0.0' },
      });
    }
  });

  it('requires Terraform 1.10 or newer (S3 native state locking)', () => {
    for (const stack of Object.values(synthFixtureOnce(fixture).stacks))
      expect(stack.terraform?.required_version).toBe('>= 1.10.0');
  });
});

describe('the API signing key', () => {
  it('reaches the API as API_SIGNING_KEY_ENCRYPTED, decryptable only with the function name as context', () => {
    const ciphertext = Buffer.alloc(120, 9).toString('base64');
    const input = configWith(singleAccount.project, 'sandbox', { api: { signingKeyCiphertext: ciphertext } });

    const { stacks } = synthProject(input, ['sandbox']);

    const api = byName(stacks, 'sandbox-app', 'aws_lambda_function', 'function_name', 'solo-sandbox-api');
    expect((api.environment as { variables: Record<string, string> }).variables.API_SIGNING_KEY_ENCRYPTED).toBe(
      ciphertext,
    );
    const decrypt = statementsOf(stacks, 'sandbox-app', 'solo-sandbox-api').find(
      (statement) => statement.Sid === 'DecryptValuesEncryptedForThisFunction',
    );
    expect(decrypt).toMatchObject({
      Action: ['kms:Decrypt'],
      Condition: { StringEquals: { 'kms:EncryptionContext:LambdaFunctionName': 'solo-sandbox-api' } },
    });
  });
});

describe('the API invoker role', () => {
  const trustOf = (stacksJson: Stacks, env: string) => {
    const role = Object.values(resourcesOf(stacksJson[`${env}-app`], 'aws_iam_role')).find(
      (r) => r.name === `solo-${env}-api-invoker`,
    );
    return policyOf(role?.assume_role_policy).Statement[0];
  };

  it("trusts only the environment's own roles when no invoker principals are configured", () => {
    expect(trustOf(synthFixtureOnce(singleAccount).stacks, 'sandbox')).toMatchObject({
      Principal: { AWS: ['arn:aws:iam::123456789012:root'] },
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/solo-sandbox-*' } },
    });
  });

  it('trusts exactly the configured principals', () => {
    const principals = ['arn:aws:iam::123456789012:role/ci-smoke-tests'];
    const input = configWith(singleAccount.project, 'sandbox', { api: { invokerTrustedPrincipals: principals } });

    const { stacks: configured } = synthProject(input, ['sandbox']);

    const trust = trustOf(configured, 'sandbox');
    expect(trust?.Principal).toEqual({ AWS: principals });
    expect(trust?.Condition).toBeUndefined();
  });
});
