// A concrete IAM model of the synthesized app for policy simulation: every Terraform expression in the stacks
// (`${aws_kms_key.key.arn}`, cross-stack remote-state outputs) replaced by the ARN or name AWS would give the
// resource, so identity, boundary, key and secret policies can be evaluated as AWS would evaluate them.
import { createHash } from 'node:crypto';
import {
  parseCrossStackReference,
  parseResourceReference,
  replaceInterpolations,
} from '../../lib/guardrails/references';
import type { StackJson, SynthResult } from './synth';

type Resources = Record<string, Record<string, unknown>>;

/** A policy document as AWS reads it. */
export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

export interface RoleModel {
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  /** The role's inline policies. */
  readonly identityPolicies: readonly { readonly name: string; readonly policy: PolicyDocument }[];
  /** The permissions boundary document, if the role has one. */
  readonly boundary: PolicyDocument | undefined;
  /** Who may assume the role (the role's resource policy for sts:AssumeRole). */
  readonly trustPolicy: PolicyDocument;
}

export interface SecretModel {
  readonly name: string;
  readonly arn: string;
  readonly policy: PolicyDocument | undefined;
}

export interface FunctionModel {
  readonly name: string;
  readonly arn: string;
  readonly roleArn: string;
  /** authorization_type of its function URL, if it has one. */
  readonly urlAuthType: string | undefined;
}

/** One environment's principals and resources, with concrete ARNs. */
export interface EnvironmentModel {
  readonly name: string;
  /** `<project>-<env>`: prefix of every role, function and queue name. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** The environment key; `tags` are the provider's default tags it carries (the boundary names the key by them). */
  readonly key: {
    readonly arn: string;
    readonly policy: PolicyDocument;
    readonly tags: Readonly<Record<string, string>>;
  };
  readonly boundary: PolicyDocument;
  /** By secret name, e.g. `acme/dev/webhook-signing-secret`. */
  readonly secrets: Readonly<Record<string, SecretModel>>;
  /** RDS-managed master secret ARN, when the environment has a database. */
  readonly masterSecretArn: string | undefined;
  /** By role name. */
  readonly roles: Readonly<Record<string, RoleModel>>;
  /** By function name. */
  readonly functions: Readonly<Record<string, FunctionModel>>;
  /** SSM parameter ARNs by name. */
  readonly parameters: Readonly<Record<string, string>>;
}

function resourcesOf(stack: StackJson, type: string): Resources {
  return (stack.resource?.[type] ?? {}) as Resources;
}

/** A stable fake id (what AWS would generate) for a resource, so ARNs are the same on every run. */
function fakeId(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function fakeUuid(seed: string): string {
  const hex = fakeId(seed, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Resolves the Terraform expressions of every stack of a synthesized app to concrete values. */
export class ConcreteApp {
  constructor(private readonly synth: SynthResult) {}

  stack(id: string): StackJson {
    const stack = this.synth.stacks[id];
    if (!stack) throw new Error(`no stack ${id} in the synthesized app`);
    return stack;
  }

  /** Account and region the stack's provider is pinned to. */
  placement(stackId: string): { accountId: string; region: string } {
    const provider = this.stack(stackId).provider?.aws?.[0] as
      | { region?: string; allowed_account_ids?: string[] }
      | undefined;
    const accountId = provider?.allowed_account_ids?.[0];
    if (!provider?.region || !accountId) throw new Error(`stack ${stackId} has no pinned account and region`);
    return { accountId, region: provider.region };
  }

  /** `text` with every `${...}` replaced by its concrete value, as seen from stack `stackId`. */
  resolve(text: string, stackId: string): string {
    return replaceInterpolations(text, (expression) => this.evaluate(expression, stackId));
  }

  /** A value as seen from `stackId`: strings resolved, anything else unchanged. */
  resolveValue(value: unknown, stackId: string): string {
    if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
    return this.resolve(value, stackId);
  }

  private evaluate(expression: string, stackId: string): string {
    const remote = parseCrossStackReference(expression);
    if (remote) {
      const { originStack, outputName } = remote;
      const value = this.stack(originStack).output?.[outputName]?.value;
      if (typeof value !== 'string') throw new Error(`stack ${originStack} has no output ${outputName}`);
      return this.resolve(value, originStack);
    }
    const reference = parseResourceReference(expression);
    if (!reference) throw new Error(`cannot evaluate \${${expression}} (in ${stackId})`);
    const { type, name, attribute } = reference;
    const attributes = resourcesOf(this.stack(stackId), type)[name];
    if (!attributes) throw new Error(`\${${expression}}: no ${type}.${name} in ${stackId}`);
    return this.attribute(type, name, attribute, attributes, stackId);
  }

  private literal(attributes: Record<string, unknown>, key: string, stackId: string): string {
    return this.resolveValue(attributes[key], stackId);
  }

  private attribute(
    type: string,
    name: string,
    attribute: string,
    attributes: Record<string, unknown>,
    stackId: string,
  ): string {
    const { accountId, region } = this.placement(stackId);
    const seed = `${stackId}/${type}.${name}`;
    const path = () => (attributes.path === undefined ? '/' : this.literal(attributes, 'path', stackId));
    const arnOf: Record<string, () => string> = {
      aws_kms_key: () => `arn:aws:kms:${region}:${accountId}:key/${fakeUuid(seed)}`,
      aws_s3_bucket: () => `arn:aws:s3:::${this.literal(attributes, 'bucket', stackId)}`,
      aws_iam_openid_connect_provider: () =>
        `arn:aws:iam::${accountId}:oidc-provider/${this.literal(attributes, 'url', stackId).replace(/^https:\/\//, '')}`,
      aws_secretsmanager_secret: () =>
        `arn:aws:secretsmanager:${region}:${accountId}:secret:${this.literal(attributes, 'name', stackId)}-${fakeId(seed, 6)}`,
      aws_lambda_function: () =>
        `arn:aws:lambda:${region}:${accountId}:function:${this.literal(attributes, 'function_name', stackId)}`,
      aws_sqs_queue: () => `arn:aws:sqs:${region}:${accountId}:${this.literal(attributes, 'name', stackId)}`,
      aws_dynamodb_table: () =>
        `arn:aws:dynamodb:${region}:${accountId}:table/${this.literal(attributes, 'name', stackId)}`,
      aws_cloudwatch_log_group: () =>
        `arn:aws:logs:${region}:${accountId}:log-group:${this.literal(attributes, 'name', stackId)}`,
      aws_ssm_parameter: () =>
        `arn:aws:ssm:${region}:${accountId}:parameter${this.literal(attributes, 'name', stackId)}`,
      aws_iam_role: () => `arn:aws:iam::${accountId}:role${path()}${this.literal(attributes, 'name', stackId)}`,
      aws_iam_policy: () => `arn:aws:iam::${accountId}:policy${path()}${this.literal(attributes, 'name', stackId)}`,
    };
    if (attribute === 'arn' && arnOf[type]) return arnOf[type]();
    if (attribute === 'id' && type === 'aws_secretsmanager_secret') return arnOf[type]?.() ?? '';
    if (attribute === 'key_id' && type === 'aws_kms_key') return fakeUuid(seed);
    if (attribute === 'name' || attribute === 'function_name') return this.literal(attributes, attribute, stackId);
    if (type === 'aws_db_instance' && attribute === 'master_user_secret[0].secret_arn') {
      return `arn:aws:secretsmanager:${region}:${accountId}:secret:rds!db-${fakeUuid(seed)}-${fakeId(`${seed}/s`, 6)}`;
    }
    if (type === 'aws_db_instance' && (attribute === 'address' || attribute === 'endpoint')) {
      const host = `${this.literal(attributes, 'identifier', stackId)}.${fakeId(seed, 12)}.${region}.rds.amazonaws.com`;
      return attribute === 'endpoint' ? `${host}:5432` : host;
    }
    if (attribute === 'url' && type === 'aws_sqs_queue') {
      return `https://sqs.${region}.amazonaws.com/${accountId}/${this.literal(attributes, 'name', stackId)}`;
    }
    if (attribute === 'function_url' && type === 'aws_lambda_function_url')
      return `https://${fakeId(seed, 32)}.lambda-url.${region}.on.aws/`;
    throw new Error(`the IAM model cannot evaluate ${type}.${name}.${attribute}; teach test/support/iam-model.ts`);
  }

  /** A policy attribute parsed after resolving its expressions. */
  policy(value: unknown, stackId: string): PolicyDocument {
    return JSON.parse(this.resolveValue(value, stackId)) as PolicyDocument;
  }
}

/** The default tags a stack's AWS provider puts on every resource. */
function defaultTagsOf(stack: StackJson): Record<string, string> {
  const provider = stack.provider?.aws?.[0] as { default_tags?: { tags?: Record<string, string> }[] } | undefined;
  return { ...(provider?.default_tags?.[0]?.tags ?? {}) };
}

/** The policy document of the managed policy `arn`, found in the bootstrap stacks of the synthesized app. */
export function bootstrapPolicy(app: ConcreteApp, synth: SynthResult, arn: string): PolicyDocument {
  for (const stackId of Object.keys(synth.stacks).filter((id) => id.startsWith('bootstrap'))) {
    for (const name of Object.keys(resourcesOf(app.stack(stackId), 'aws_iam_policy'))) {
      const attributes = resourcesOf(app.stack(stackId), 'aws_iam_policy')[name] ?? {};
      if (app.resolve(`\${aws_iam_policy.${name}.arn}`, stackId) === arn) return app.policy(attributes.policy, stackId);
    }
  }
  throw new Error(`no bootstrap stack holds the policy ${arn}: synthesize with synthWithBootstrap`);
}

/** The model of environment `env` (stacks `<env>-security`, `<env>-network`, `<env>-secrets`, `<env>-app`). */
export function environmentModel(synth: SynthResult, env: string): EnvironmentModel {
  const app = new ConcreteApp(synth);
  const stackIds = Object.keys(synth.stacks).filter((id) => id.startsWith(`${env}-`));
  const securityId = `${env}-security`;
  const { accountId, region } = app.placement(securityId);
  const security = app.stack(securityId);
  const [keyName, keyAttributes] = Object.entries(resourcesOf(security, 'aws_kms_key'))[0] ?? [];
  const [, aliasAttributes] = Object.entries(resourcesOf(security, 'aws_kms_alias'))[0] ?? [];
  if (!keyName || !keyAttributes || !aliasAttributes) throw new Error(`${securityId}: no key or alias`);
  const namePrefix = app.resolveValue(aliasAttributes.name, securityId).replace(/^alias\//, '');
  // The environment boundary lives in the bootstrap stack of the account (see synthWithBootstrap).
  const boundaryArn = app.resolveValue(security.output?.permissionsBoundaryArn?.value, securityId);
  const boundary = bootstrapPolicy(app, synth, boundaryArn);

  const secrets: Record<string, SecretModel> = {};
  const roles: Record<string, RoleModel> = {};
  const functions: Record<string, FunctionModel> = {};
  const parameters: Record<string, string> = {};
  let masterSecretArn: string | undefined;

  for (const stackId of stackIds) {
    const stack = app.stack(stackId);
    const policies = Object.values(resourcesOf(stack, 'aws_secretsmanager_secret_policy'));
    for (const [name, attributes] of Object.entries(resourcesOf(stack, 'aws_secretsmanager_secret'))) {
      const arn = app.resolve(`\${aws_secretsmanager_secret.${name}.arn}`, stackId);
      const policy = policies.find((p) => app.resolveValue(p.secret_arn, stackId) === arn);
      const secretName = app.resolveValue(attributes.name, stackId);
      secrets[secretName] = { name: secretName, arn, policy: policy && app.policy(policy.policy, stackId) };
    }
    for (const name of Object.keys(resourcesOf(stack, 'aws_db_instance'))) {
      masterSecretArn = app.resolve(`\${aws_db_instance.${name}.master_user_secret[0].secret_arn}`, stackId);
    }
    const inline = Object.values(resourcesOf(stack, 'aws_iam_role_policy'));
    for (const [name, attributes] of Object.entries(resourcesOf(stack, 'aws_iam_role'))) {
      const roleName = app.resolveValue(attributes.name, stackId);
      const boundaryOfRole = attributes.permissions_boundary
        ? app.resolveValue(attributes.permissions_boundary, stackId)
        : undefined;
      if (boundaryOfRole !== undefined && boundaryOfRole !== boundaryArn) {
        throw new Error(`role ${roleName} has a boundary other than the environment's: ${boundaryOfRole}`);
      }
      roles[roleName] = {
        name: roleName,
        arn: app.resolve(`\${aws_iam_role.${name}.arn}`, stackId),
        accountId,
        identityPolicies: inline
          .filter((p) => app.resolveValue(p.role, stackId) === roleName)
          .map((p) => ({ name: app.resolveValue(p.name, stackId), policy: app.policy(p.policy, stackId) })),
        boundary: boundaryOfRole ? boundary : undefined,
        trustPolicy: app.policy(attributes.assume_role_policy, stackId),
      };
    }
    const urls = Object.values(resourcesOf(stack, 'aws_lambda_function_url'));
    for (const [name, attributes] of Object.entries(resourcesOf(stack, 'aws_lambda_function'))) {
      const functionName = app.resolveValue(attributes.function_name, stackId);
      const url = urls.find((u) => app.resolveValue(u.function_name, stackId) === functionName);
      functions[functionName] = {
        name: functionName,
        arn: app.resolve(`\${aws_lambda_function.${name}.arn}`, stackId),
        roleArn: app.resolveValue(attributes.role, stackId),
        urlAuthType: url ? String(url.authorization_type) : undefined,
      };
    }
    for (const name of Object.keys(resourcesOf(stack, 'aws_ssm_parameter'))) {
      parameters[app.resolve(`\${aws_ssm_parameter.${name}.name}`, stackId)] = app.resolve(
        `\${aws_ssm_parameter.${name}.arn}`,
        stackId,
      );
    }
  }

  return {
    name: env,
    namePrefix,
    accountId,
    region,
    key: {
      arn: app.resolve(`\${aws_kms_key.${keyName}.arn}`, securityId),
      policy: app.policy(keyAttributes.policy, securityId),
      tags: defaultTagsOf(security),
    },
    boundary,
    secrets,
    masterSecretArn,
    roles,
    functions,
    parameters,
  };
}
