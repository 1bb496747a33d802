import { projectConfig } from '../../config/environments';
import { configWith, policyOf, resourcesOf, synthProject } from '../support/synth';

const { stacks } = synthProject();

type Resource = Record<string, unknown>;
const byName = (stack: string, type: string, field: string, value: string): Resource => {
  const found = Object.values(resourcesOf(stacks[stack], type)).find((r) => r[field] === value);
  if (!found) throw new Error(`no ${type} with ${field}=${value} in ${stack}`);
  return found;
};
const statementsOf = (stack: string, roleName: string) => {
  const policies = Object.entries(resourcesOf(stacks[stack], 'aws_iam_role_policy'));
  const roleKey = Object.entries(resourcesOf(stacks[stack], 'aws_iam_role')).find(([, r]) => r.name === roleName)?.[0];
  const policy = policies.find(([, p]) => p.role === `\${aws_iam_role.${roleKey}.name}`)?.[1];
  return policyOf(policy?.policy).Statement;
};

describe.each(['dev', 'staging', 'prod'])('%s-app', (env) => {
  const stack = `${env}-app`;
  const webhook = () => byName(stack, 'aws_lambda_function', 'function_name', `acme-${env}-webhook`);
  const api = () => byName(stack, 'aws_lambda_function', 'function_name', `acme-${env}-api`);

  it('runs both functions on Node.js 22, arm64, traced, with JSON logs to their own encrypted log group', () => {
    for (const fn of [webhook(), api()]) {
      expect(fn).toMatchObject({
        runtime: 'nodejs22.x',
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
      expect(group.retention_in_days).toBe({ dev: 14, staging: 30, prod: 365 }[env]);
    }
  });

  it('reserves the configured concurrency', () => {
    expect(webhook().reserved_concurrent_executions).toBe(env === 'prod' ? 50 : 10);
    expect(api().reserved_concurrent_executions).toBe(env === 'prod' ? 20 : 5);
  });

  it('passes only names and ARNs in environment variables', () => {
    const variables = (webhook().environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({
      WEBHOOK_SCHEME: 'github',
      WEBHOOK_TOLERANCE_SECONDS: '300',
      WEBHOOK_MAX_BODY_BYTES: '262144',
      WEBHOOK_SECRET_ARN: expect.stringMatching(/cross-stack-reference-input-.*-secrets/),
    });
    const apiVariables = (api().environment as { variables: Record<string, string> }).variables;
    expect('DB_SECRET_ARN' in apiVariables).toBe(env !== 'dev');
    for (const value of [...Object.values(variables), ...Object.values(apiVariables)]) {
      expect(value).not.toMatch(/password|whsec_|BEGIN /i);
    }
  });

  it('keeps the API in the isolated subnets and the webhook outside any VPC', () => {
    expect(api().vpc_config).toMatchObject({ security_group_ids: [expect.stringMatching(/network\.outputs\./)] });
    expect(webhook().vpc_config).toBeUndefined();
  });

  it('puts the webhook behind a public URL with exactly the two statements AWS requires', () => {
    const urls = Object.values(resourcesOf(stacks[stack], 'aws_lambda_function_url'));
    expect(urls.map((u) => u.authorization_type).sort()).toEqual(['AWS_IAM', 'NONE']);
    const permissions = Object.values(resourcesOf(stacks[stack], 'aws_lambda_permission'))
      .map(({ '//': _, ...p }) => p)
      .sort((a, b) => String(a.statement_id).localeCompare(String(b.statement_id)));
    expect(permissions).toEqual([
      {
        statement_id: 'PublicInvokeFunctionUrl',
        action: 'lambda:InvokeFunctionUrl',
        function_name: expect.stringMatching(/webhook/),
        principal: '*',
        function_url_auth_type: 'NONE',
      },
      {
        statement_id: 'PublicInvokeFunctionViaUrlOnly',
        action: 'lambda:InvokeFunction',
        function_name: expect.stringMatching(/webhook/),
        principal: '*',
        invoked_via_function_url: true,
      },
    ]);
  });

  it('lets the webhook role read its signing secret and nothing else', () => {
    const statements = statementsOf(stack, `acme-${env}-webhook`);
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
    const statements = statementsOf(stack, `acme-${env}-api-invoker`);
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
      expect(role.permissions_boundary).toMatch(/cross-stack-reference-input-.*-security/);
      const [trust] = policyOf(role.assume_role_policy).Statement;
      if (role.name === `acme-${env}-api-invoker`) continue;
      const account = projectConfig.environments[env]?.accountId;
      expect(trust?.Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:aws:lambda:eu-west-1:${account}:function:${role.name}` },
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
      'webhookFunctionName',
      'webhookFunctionUrl',
      'webhookLogGroupName',
    ]);
  });
});

describe('every stack', () => {
  it('requires an AWS provider that knows invoked_via_function_url', () => {
    for (const stack of Object.values(stacks)) {
      expect(stack.terraform?.required_providers).toEqual({ aws: { source: 'aws', version: '>= 6.42.0, < 7.0.0' } });
    }
  });
});

describe('the API invoker role', () => {
  const trustOf = (stacksJson: typeof stacks, env: string) => {
    const role = Object.values(resourcesOf(stacksJson[`${env}-app`], 'aws_iam_role')).find(
      (r) => r.name === `acme-${env}-api-invoker`,
    );
    return policyOf(role?.assume_role_policy).Statement[0];
  };

  it("trusts only the environment's own roles when no invoker principals are configured", () => {
    expect(trustOf(stacks, 'dev')).toMatchObject({
      Principal: { AWS: ['arn:aws:iam::111111111111:root'] },
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/acme-dev-*' } },
    });
  });

  it('trusts exactly the configured principals', () => {
    const principals = ['arn:aws:iam::111111111111:role/ci-smoke-tests'];
    const { stacks: configured } = synthProject(configWith('dev', { api: { invokerTrustedPrincipals: principals } }), [
      'dev',
    ]);
    const trust = trustOf(configured, 'dev');
    expect(trust?.Principal).toEqual({ AWS: principals });
    expect(trust?.Condition).toBeUndefined();
  });
});
