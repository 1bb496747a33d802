// Who can do what, as data: the IAM simulation test evaluates every case against every environment, and
// docs/ACCESS.md is rendered from the same list, so the table says only what the tests prove.
import { markdownCell, markdownTable } from '../../lib/guardrails/rules-doc';
import type { EnvironmentModel, PolicyDocument } from './iam-model';
import type { AccessRequest, SimulatedPrincipal } from './iam-simulator';
import { ESCALATION_CASES, type EscalationCase, renderEscalationTable } from './pipeline-escalation-cases';

/** What a case sees: the environment under test, the other environments, and an account outside the project. */
export interface AccessWorld {
  readonly env: EnvironmentModel;
  readonly others: readonly EnvironmentModel[];
  readonly outsideAccountId: string;
}

export interface AccessCase {
  /** Who asks, generically (`<prefix>` is `<project>-<env>`). */
  readonly who: string;
  /** What they try, in words. */
  readonly what: string;
  /** The API calls that make it up. */
  readonly how: string;
  /** `allowed`: every call is allowed. `denied`: every call is denied (each layer refuses on its own). */
  readonly expected: 'allowed' | 'denied';
  /** Only for environments with a database. @default false */
  readonly needsDatabase?: boolean;
  /**
   * Only for environments with this feature: `webhook-rotation` (a GitHub hook whose secret rotates, so the
   * rotation role and the token secret exist), `webhook-operators` (webhook.operatorPrincipals, generated secret).
   * @default every environment
   */
  readonly needsFeature?: EnvironmentFeature;
  readonly requests: (world: AccessWorld) => AccessRequest[];
}

export type EnvironmentFeature = 'webhook-rotation' | 'webhook-operators' | 'default-api-invokers';

const FEATURE_LABELS: Readonly<Record<EnvironmentFeature, string>> = {
  'webhook-rotation': 'environments with webhook.githubHook',
  'webhook-operators': 'environments with webhook.operatorPrincipals and a generated secret',
  'default-api-invokers': 'no api.invokerTrustedPrincipals configured',
};

/** Whether `env` has what case `c` needs. */
export function caseApplies(c: AccessCase, env: EnvironmentModel): boolean {
  if (c.needsDatabase === true && env.masterSecretArn === undefined) return false;
  switch (c.needsFeature) {
    case 'webhook-rotation':
      return env.roles[`${env.namePrefix}-rotate-webhook-secret`] !== undefined;
    case 'webhook-operators':
      return env.roles[`${env.namePrefix}-webhook-secret-operator`] !== undefined;
    case 'default-api-invokers':
      // Without listed principals the invoker role trusts the account root, narrowed to the environment's roles.
      return JSON.stringify(env.roles[`${env.namePrefix}-api-invoker`]?.trustPolicy ?? {}).includes(':root"');
    default:
      return true;
  }
}

function document(...statements: Record<string, unknown>[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

function role(env: EnvironmentModel, suffix: string): SimulatedPrincipal {
  const found = env.roles[`${env.namePrefix}-${suffix}`];
  if (!found) throw new Error(`${env.name} has no role ${env.namePrefix}-${suffix}`);
  return found;
}

function secretArn(env: EnvironmentModel, suffix: string): string {
  const found = Object.values(env.secrets).find((secret) => secret.name.endsWith(`/${suffix}`));
  if (!found) throw new Error(`${env.name} has no secret */${suffix}`);
  return found.arn;
}

function functionArn(env: EnvironmentModel, suffix: string): string {
  const found = env.functions[`${env.namePrefix}-${suffix}`];
  if (!found) throw new Error(`${env.name} has no function ${env.namePrefix}-${suffix}`);
  return found.arn;
}

const WEBHOOK_SECRET = 'webhook-signing-secret';
const GITHUB_TOKEN = 'github-webhook-token';
const DATABASE_SECRET = 'database/app';

/** GetSecretValue, then the kms:Decrypt Secrets Manager makes with the caller's credentials. */
function readSecret(principal: SimulatedPrincipal, env: EnvironmentModel, secret: string): AccessRequest[] {
  return [
    { principal, action: 'secretsmanager:GetSecretValue', resource: secret },
    {
      principal,
      action: 'kms:Decrypt',
      resource: env.key.arn,
      context: {
        'kms:ViaService': `secretsmanager.${env.region}.amazonaws.com`,
        'kms:EncryptionContext:SecretARN': secret,
      },
    },
  ];
}

/** The four calls of the rotation protocol plus the key use Secrets Manager makes for them. */
function rotateSecret(principal: SimulatedPrincipal, env: EnvironmentModel, secret: string): AccessRequest[] {
  return [
    ...readSecret(principal, env, secret),
    ...['DescribeSecret', 'PutSecretValue', 'UpdateSecretVersionStage'].map((action) => ({
      principal,
      action: `secretsmanager:${action}`,
      resource: secret,
    })),
    {
      principal,
      action: 'kms:GenerateDataKey',
      resource: env.key.arn,
      context: {
        'kms:ViaService': `secretsmanager.${env.region}.amazonaws.com`,
        'kms:EncryptionContext:SecretARN': secret,
      },
    },
  ];
}

/** A principal with broad permissions of its own: the test of whether the resource policies hold. */
function administrator(accountId: string): SimulatedPrincipal {
  return {
    arn: `arn:aws:iam::${accountId}:role/ops-administrator`,
    accountId,
    identityPolicies: [
      {
        name: 'administrator',
        policy: document({
          Effect: 'Allow',
          Action: ['secretsmanager:*', 'kms:*', 'ssm:*', 'lambda:*', 'sts:AssumeRole'],
          Resource: '*',
        }),
      },
    ],
  };
}

/** A role of the environment (named `<prefix>-<name>`, e.g. a CI role) allowed to assume the API invoker role. */
function environmentCaller(env: EnvironmentModel): SimulatedPrincipal {
  const invoker = role(env, 'api-invoker');
  return {
    arn: `arn:aws:iam::${env.accountId}:role/${env.namePrefix}-smoke-test`,
    accountId: env.accountId,
    identityPolicies: [
      { name: 'assume', policy: document({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: invoker.arn }) },
    ],
  };
}

/** A role of the environment (name `<prefix>-*`, under the boundary) allowed to call kms:Decrypt on the key itself. */
function environmentDecrypter(env: EnvironmentModel): SimulatedPrincipal {
  return {
    arn: `arn:aws:iam::${env.accountId}:role/${env.namePrefix}-settings-reader`,
    accountId: env.accountId,
    identityPolicies: [
      { name: 'decrypt', policy: document({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: env.key.arn }) },
    ],
    boundary: env.boundary,
  };
}

export const ACCESS_CASES: readonly AccessCase[] = [
  {
    who: 'webhook function role (`<prefix>-webhook`)',
    what: 'read its own signing secret',
    how: 'secretsmanager:GetSecretValue + kms:Decrypt via Secrets Manager',
    expected: 'allowed',
    requests: ({ env }) => readSecret(role(env, 'webhook'), env, secretArn(env, WEBHOOK_SECRET)),
  },
  {
    who: 'webhook function role (`<prefix>-webhook`)',
    what: 'read the database credential',
    how: 'secretsmanager:GetSecretValue + kms:Decrypt via Secrets Manager',
    expected: 'denied',
    needsDatabase: true,
    requests: ({ env }) => readSecret(role(env, 'webhook'), env, secretArn(env, DATABASE_SECRET)),
  },
  {
    who: 'webhook function role (`<prefix>-webhook`)',
    what: 'change its signing secret',
    how: 'secretsmanager:PutSecretValue, UpdateSecretVersionStage',
    expected: 'denied',
    requests: ({ env }) =>
      ['PutSecretValue', 'UpdateSecretVersionStage'].map((action) => ({
        principal: role(env, 'webhook'),
        action: `secretsmanager:${action}`,
        resource: secretArn(env, WEBHOOK_SECRET),
      })),
  },
  {
    who: 'webhook function role (`<prefix>-webhook`)',
    what: 'decrypt with the environment key directly',
    how: 'kms:Decrypt, not through a service',
    expected: 'denied',
    requests: ({ env }) => [{ principal: role(env, 'webhook'), action: 'kms:Decrypt', resource: env.key.arn }],
  },
  {
    who: 'API function role (`<prefix>-api`)',
    what: 'read the database credential',
    how: 'secretsmanager:GetSecretValue + kms:Decrypt via Secrets Manager',
    expected: 'allowed',
    needsDatabase: true,
    requests: ({ env }) => readSecret(role(env, 'api'), env, secretArn(env, DATABASE_SECRET)),
  },
  {
    who: 'API function role (`<prefix>-api`)',
    what: 'read its settings parameter',
    how: 'ssm:GetParameter + kms:Decrypt via SSM',
    expected: 'allowed',
    requests: ({ env }) =>
      Object.values(env.parameters).flatMap((parameter) => [
        { principal: role(env, 'api'), action: 'ssm:GetParameter', resource: parameter },
        {
          principal: role(env, 'api'),
          action: 'kms:Decrypt',
          resource: env.key.arn,
          context: {
            'kms:ViaService': `ssm.${env.region}.amazonaws.com`,
            'kms:EncryptionContext:PARAMETER_ARN': parameter,
          },
        },
      ]),
  },
  {
    who: 'API function role (`<prefix>-api`)',
    what: 'read the webhook signing secret',
    how: 'secretsmanager:GetSecretValue + kms:Decrypt via Secrets Manager',
    expected: 'denied',
    requests: ({ env }) => readSecret(role(env, 'api'), env, secretArn(env, WEBHOOK_SECRET)),
  },
  {
    who: 'webhook secret rotation role (`<prefix>-rotate-webhook-secret`)',
    what: 'rotate its own secret',
    how: 'secretsmanager:GetSecretValue, DescribeSecret, PutSecretValue, UpdateSecretVersionStage + kms:Decrypt/GenerateDataKey via Secrets Manager',
    expected: 'allowed',
    needsFeature: 'webhook-rotation',
    requests: ({ env }) => rotateSecret(role(env, 'rotate-webhook-secret'), env, secretArn(env, WEBHOOK_SECRET)),
  },
  {
    who: 'webhook secret rotation role (`<prefix>-rotate-webhook-secret`)',
    what: 'touch the database credential',
    how: 'the same calls on the database credential',
    expected: 'denied',
    needsDatabase: true,
    needsFeature: 'webhook-rotation',
    requests: ({ env }) => rotateSecret(role(env, 'rotate-webhook-secret'), env, secretArn(env, DATABASE_SECRET)),
  },
  {
    who: 'webhook secret rotation role (`<prefix>-rotate-webhook-secret`)',
    what: 'read the GitHub token it sets the hook secret with',
    how: 'secretsmanager:GetSecretValue + kms:Decrypt via Secrets Manager',
    expected: 'allowed',
    needsFeature: 'webhook-rotation',
    requests: ({ env }) => readSecret(role(env, 'rotate-webhook-secret'), env, secretArn(env, GITHUB_TOKEN)),
  },
  {
    who: 'webhook function role (`<prefix>-webhook`)',
    what: 'read the GitHub token',
    how: 'secretsmanager:GetSecretValue + kms:Decrypt via Secrets Manager',
    expected: 'denied',
    needsFeature: 'webhook-rotation',
    requests: ({ env }) => readSecret(role(env, 'webhook'), env, secretArn(env, GITHUB_TOKEN)),
  },
  {
    who: 'webhook secret operator role (`<prefix>-webhook-secret-operator`)',
    what: 'set, show and revoke the signing secret (npm run webhook-secret -- <env> set | show | revoke-previous)',
    how: 'secretsmanager:DescribeSecret, PutSecretValue, UpdateSecretVersionStage, GetSecretValue + kms:GenerateDataKey/Decrypt via Secrets Manager',
    expected: 'allowed',
    needsFeature: 'webhook-operators',
    requests: ({ env }) => {
      const operator = role(env, 'webhook-secret-operator');
      const secret = secretArn(env, WEBHOOK_SECRET);
      return [
        ...readSecret(operator, env, secret),
        ...['DescribeSecret', 'PutSecretValue', 'UpdateSecretVersionStage'].map((action) => ({
          principal: operator,
          action: `secretsmanager:${action}`,
          resource: secret,
        })),
        {
          principal: operator,
          action: 'kms:GenerateDataKey',
          resource: env.key.arn,
          context: {
            'kms:ViaService': `secretsmanager.${env.region}.amazonaws.com`,
            'kms:EncryptionContext:SecretARN': secret,
          },
        },
      ];
    },
  },
  {
    who: 'webhook secret operator role (`<prefix>-webhook-secret-operator`)',
    what: 'start a rotation of the GitHub signing secret (npm run webhook-secret -- <env> rotate)',
    how: 'secretsmanager:RotateSecret',
    expected: 'allowed',
    needsFeature: 'webhook-rotation',
    requests: ({ env }) => [
      {
        principal: role(env, 'webhook-secret-operator'),
        action: 'secretsmanager:RotateSecret',
        resource: secretArn(env, WEBHOOK_SECRET),
      },
    ],
  },
  {
    who: 'webhook secret operator role (`<prefix>-webhook-secret-operator`)',
    what: 'read the GitHub token, the database credential or the settings, or move their staging labels',
    how: 'GetSecretValue and UpdateSecretVersionStage on the token and credential, ssm:GetParameter',
    expected: 'denied',
    needsFeature: 'webhook-operators',
    requests: ({ env }) => {
      const operator = role(env, 'webhook-secret-operator');
      const secrets = Object.values(env.secrets)
        .filter((secret) => !secret.name.endsWith(`/${WEBHOOK_SECRET}`))
        .map((secret) => secret.arn);
      return [
        ...secrets.flatMap((secret) =>
          ['secretsmanager:GetSecretValue', 'secretsmanager:UpdateSecretVersionStage'].map((action) => ({
            principal: operator,
            action,
            resource: secret,
          })),
        ),
        ...Object.values(env.parameters).map((parameter) => ({
          principal: operator,
          action: 'ssm:GetParameter',
          resource: parameter,
        })),
      ];
    },
  },
  {
    who: 'database credential rotation role (`<prefix>-rotate-db-credential`)',
    what: 'rotate the database credential and read the RDS master secret',
    how: 'the rotation calls + GetSecretValue and kms:Decrypt on the master secret',
    expected: 'allowed',
    needsDatabase: true,
    requests: ({ env }) => {
      const rotation = role(env, 'rotate-db-credential');
      if (!env.masterSecretArn) throw new Error(`${env.name} has no master secret`);
      return [
        ...rotateSecret(rotation, env, secretArn(env, DATABASE_SECRET)),
        ...readSecret(rotation, env, env.masterSecretArn),
      ];
    },
  },
  {
    who: 'database credential rotation role (`<prefix>-rotate-db-credential`)',
    what: 'touch the webhook signing secret',
    how: 'the rotation calls on the webhook secret',
    expected: 'denied',
    needsDatabase: true,
    requests: ({ env }) => rotateSecret(role(env, 'rotate-db-credential'), env, secretArn(env, WEBHOOK_SECRET)),
  },
  {
    who: 'API invoker role (`<prefix>-api-invoker`)',
    what: 'call the API function URL',
    how: 'lambda:InvokeFunctionUrl (AWS_IAM) + lambda:InvokeFunction via the URL',
    expected: 'allowed',
    requests: ({ env }): AccessRequest[] => [
      {
        principal: role(env, 'api-invoker'),
        action: 'lambda:InvokeFunctionUrl',
        resource: functionArn(env, 'api'),
        context: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' },
      },
      {
        principal: role(env, 'api-invoker'),
        action: 'lambda:InvokeFunction',
        resource: functionArn(env, 'api'),
        context: { 'lambda:InvokedViaFunctionUrl': 'true' },
      },
    ],
  },
  {
    who: 'API invoker role (`<prefix>-api-invoker`)',
    what: 'invoke the API other than through its URL, or any other function',
    how: 'lambda:InvokeFunction on the API; InvokeFunctionUrl/InvokeFunction on the webhook and rotation functions',
    expected: 'denied',
    requests: ({ env }) => {
      const invoker = role(env, 'api-invoker');
      const others = Object.values(env.functions).filter((fn) => fn.arn !== functionArn(env, 'api'));
      return [
        { principal: invoker, action: 'lambda:InvokeFunction', resource: functionArn(env, 'api') },
        ...others.flatMap((fn) => [
          {
            principal: invoker,
            action: 'lambda:InvokeFunctionUrl',
            resource: fn.arn,
            context: { 'lambda:FunctionUrlAuthType': 'NONE' },
          },
          { principal: invoker, action: 'lambda:InvokeFunction', resource: fn.arn },
        ]),
      ];
    },
  },
  {
    who: 'API invoker role (`<prefix>-api-invoker`)',
    what: 'read any secret of the environment',
    how: 'secretsmanager:GetSecretValue + kms:Decrypt via Secrets Manager',
    expected: 'denied',
    requests: ({ env }) =>
      Object.values(env.secrets).flatMap((secret) => readSecret(role(env, 'api-invoker'), env, secret.arn)),
  },
  {
    who: 'a role of the environment (named `<prefix>-<name>`) allowed sts:AssumeRole on the invoker role',
    what: 'assume the API invoker role',
    how: 'sts:AssumeRole',
    expected: 'allowed',
    needsFeature: 'default-api-invokers',
    requests: ({ env }) => [
      { principal: environmentCaller(env), action: 'sts:AssumeRole', resource: role(env, 'api-invoker').arn },
    ],
  },
  {
    who: 'an administrator of the account, or of another account (sts:AssumeRole on *)',
    what: 'assume the API invoker role or any function role',
    how: 'sts:AssumeRole',
    expected: 'denied',
    requests: ({ env, outsideAccountId }) =>
      [administrator(env.accountId), administrator(outsideAccountId)].flatMap((admin) =>
        Object.values(env.roles).map((target) => ({
          principal: admin,
          action: 'sts:AssumeRole',
          resource: target.arn,
        })),
      ),
  },
  {
    who: 'every role of one environment (functions, rotation, invoker, flow logs)',
    what: "use another environment's key, secrets or parameters",
    how: 'GetSecretValue, kms:Decrypt via Secrets Manager and directly, ssm:GetParameter on the other environments',
    expected: 'denied',
    requests: ({ env, others }) =>
      Object.values(env.roles).flatMap((principal) =>
        others.flatMap((other) => [
          ...Object.values(other.secrets).flatMap((secret) => readSecret(principal, other, secret.arn)),
          { principal, action: 'kms:Decrypt', resource: other.key.arn },
          ...Object.values(other.parameters).map((parameter) => ({
            principal,
            action: 'ssm:GetParameter',
            resource: parameter,
          })),
        ]),
      ),
  },
  {
    who: 'an administrator of the account (secretsmanager:*, kms:* on *)',
    what: "read a secret's value, or decrypt with the key directly",
    how: 'secretsmanager:GetSecretValue on each secret; kms:Decrypt not through a service',
    expected: 'denied',
    requests: ({ env }) => {
      const admin = administrator(env.accountId);
      return [
        ...Object.values(env.secrets).map((secret) => ({
          principal: admin,
          action: 'secretsmanager:GetSecretValue',
          resource: secret.arn,
        })),
        { principal: admin, action: 'kms:Decrypt', resource: env.key.arn },
        {
          principal: admin,
          action: 'kms:Decrypt',
          resource: env.key.arn,
          context: { 'kms:EncryptionContext:LambdaFunctionName': `${env.namePrefix}-api` },
        },
      ];
    },
  },
  {
    who: 'a role of the environment allowed kms:Decrypt (named `<prefix>-<name>`)',
    what: 'decrypt a value encrypted for one of its functions',
    how: 'kms:Decrypt with encryption context LambdaFunctionName = `<prefix>-api`',
    expected: 'allowed',
    requests: ({ env }) => [
      {
        principal: environmentDecrypter(env),
        action: 'kms:Decrypt',
        resource: env.key.arn,
        context: { 'kms:EncryptionContext:LambdaFunctionName': `${env.namePrefix}-api` },
      },
    ],
  },
  {
    who: 'a role of the environment allowed kms:Decrypt (named `<prefix>-<name>`)',
    what: "decrypt without that context, or with another environment's function name",
    how: 'kms:Decrypt without encryption context; with LambdaFunctionName of another environment',
    expected: 'denied',
    requests: ({ env, others }) => [
      { principal: environmentDecrypter(env), action: 'kms:Decrypt', resource: env.key.arn },
      ...others.map((other) => ({
        principal: environmentDecrypter(env),
        action: 'kms:Decrypt',
        resource: env.key.arn,
        context: { 'kms:EncryptionContext:LambdaFunctionName': `${other.namePrefix}-api` },
      })),
    ],
  },
  {
    who: 'an administrator of another AWS account',
    what: "read the environment's secrets or use its key",
    how: 'secretsmanager:GetSecretValue; kms:Decrypt directly and via Secrets Manager',
    expected: 'denied',
    requests: ({ env, outsideAccountId }) => {
      const outsider = administrator(outsideAccountId);
      return [
        ...Object.values(env.secrets).flatMap((secret) => readSecret(outsider, env, secret.arn)),
        { principal: outsider, action: 'kms:Decrypt', resource: env.key.arn },
      ];
    },
  },
];

/** docs/ACCESS.md: the cases as a table, laid out the way Biome formats Markdown tables. */
export function renderAccessTable(
  cases: readonly AccessCase[],
  escalation: readonly EscalationCase[] = ESCALATION_CASES,
): string {
  const header = ['Who', 'Tries to', 'Calls', 'Result'];
  const rows = cases.map((c) => [
    markdownCell(c.who),
    markdownCell(
      `${c.what}${c.needsDatabase ? ' (environments with a database)' : ''}${c.needsFeature ? ` (${FEATURE_LABELS[c.needsFeature]})` : ''}`,
    ),
    markdownCell(c.how),
    c.expected === 'allowed' ? 'allowed' : '**denied**',
  ]);
  return [
    '# Who can do what',
    '',
    '<!-- Generated by `npm run docs:rules` from test/support/iam-access-cases.ts and',
    '     test/support/pipeline-escalation-cases.ts. Do not edit by hand. -->',
    '',
    'Each row is a case of `test/synth/iam-simulation.test.ts`, which evaluates it with an IAM policy simulator',
    '(@cloud-copilot/iam-simulate) against the synthesized identity policies, permissions boundary, key policy and',
    'secret policies of every environment, and again with two environments sharing one AWS account.',
    '`<prefix>` is `<project>-<env>`. **denied** means every listed call is refused.',
    '',
    ...markdownTable(header, rows),
    '',
    ...(escalation.length > 0 ? [...renderEscalationTable(escalation), ''] : []),
  ].join('\n');
}
