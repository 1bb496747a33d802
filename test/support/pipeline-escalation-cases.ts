// How an attacker who controls a pipeline job would try to become administrator, as data: the escalation test
// evaluates every case for every pipeline role (deploy and plan) of every account, and docs/ACCESS.md renders the
// same list. Every method is a set of calls that must all be refused; a few positive controls prove the roles can
// still do their job, so a denial never passes only because a model is empty.
//
// Chains: what a deploy role can obtain is (a) itself, and (b) roles of its environment, which it can create or
// change only while they carry the environment boundary (cases "create a role..." and "put another boundary...").
// The chain case takes the most such a role can be given (its own policy allowing `*`) and tries every method again:
// all are refused, so no sequence of allowed calls reaches a principal without the environment boundary. Functions
// it deploys or invokes run as roles of kind (b), so they are covered by the same case.
import { environmentBoundaryArn } from '../../lib/config/delivery';
import { markdownCell, markdownTable } from '../../lib/guardrails/rules-doc';
import type { EnvironmentModel, PolicyDocument } from './iam-model';
import type { AccessRequest, SimulatedPrincipal } from './iam-simulator';
import type { AccountPipeline, PipelineRole } from './pipeline-model';

/** What a case sees: the pipeline role under test, its account, and every account of the project. */
export interface EscalationWorld {
  readonly role: PipelineRole;
  readonly account: AccountPipeline;
  readonly accounts: readonly AccountPipeline[];
}

export interface EscalationCase {
  /** Short id used in test titles and the table. */
  readonly method: string;
  /** The API calls that make it up. */
  readonly how: string;
  /** Which pipeline roles it is tried with. */
  readonly roles: 'deploy' | 'plan' | 'deploy and plan';
  /** `denied`: every call is refused; `allowed`: a positive control, every call is allowed. */
  readonly expected: 'allowed' | 'denied';
  readonly requests: (world: EscalationWorld) => AccessRequest[];
}

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

function document(...statements: Record<string, unknown>[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** The environments a role works on: its own for a deploy role, every environment of the account for the plan role. */
function ownEnvironments({ role, account }: EscalationWorld): EnvironmentModel[] {
  return account.environments.filter((env) => role.environment === undefined || env.name === role.environment);
}

/** Every environment of the project that is not the role's own (all of them for the plan role). */
function otherEnvironments({ role, accounts }: EscalationWorld): EnvironmentModel[] {
  return accounts.flatMap((a) => a.environments).filter((env) => env.name !== role.environment);
}

function iamArn(account: AccountPipeline, resource: string): string {
  return `arn:aws:iam::${account.accountId}:${resource}`;
}

/** Boundaries a role of `env` must never get instead of its own: every other managed policy, or AWS's admin policy. */
function wrongBoundaries(world: EscalationWorld, env: EnvironmentModel): string[] {
  const own = environmentBoundaryArn(world.account.accountId, world.account.project, env.name, world.account.region);
  return [...world.account.policyArns.filter((arn) => arn !== own), ADMINISTRATOR_ACCESS];
}

/** One request per action on one resource. */
function calls(
  principal: SimulatedPrincipal,
  actions: readonly string[],
  resource: string,
  context?: Record<string, string>,
  resourcePolicy?: PolicyDocument,
): AccessRequest[] {
  return actions.map((action) => ({ principal, action, resource, context, resourcePolicy }));
}

/** A role of the environment as its deploy role could make it: its policy allows everything, under the boundary. */
function escalator(env: EnvironmentModel): SimulatedPrincipal {
  return {
    arn: `arn:aws:iam::${env.accountId}:role/${env.namePrefix}-escalator`,
    accountId: env.accountId,
    identityPolicies: [{ name: 'everything', policy: document({ Effect: 'Allow', Action: '*', Resource: '*' }) }],
    boundary: env.boundary,
  };
}

/** The method that retries every other one from what a deploy role can create. */
export const CHAIN = 'escape through a role it creates or a function it deploys (chain)';
/** Methods a role of the environment is not tried with: reading its own environment's secrets is its job. */
const NOT_CHAINED = [CHAIN, 'read or write a secret value'];

/**
 * The escalation methods, tried by `principal` (a role of `env`) in `world`; for secrets, the kms:Decrypt that
 * releases the value of every other environment's secret (GetSecretValue alone returns nothing it can read).
 */
function chainedRequests(
  world: EscalationWorld,
  env: EnvironmentModel,
  principal: SimulatedPrincipal,
): AccessRequest[] {
  const methods = ESCALATION_CASES.filter((c) => c.expected === 'denied' && !NOT_CHAINED.includes(c.method));
  const others = world.accounts.flatMap((a) => a.environments).filter((other) => other.name !== env.name);
  return [
    ...methods.flatMap((c) => c.requests(world).map((request) => ({ ...request, principal }))),
    ...others.flatMap((other) =>
      [
        ...Object.values(other.secrets).map((s) => s.arn),
        ...(other.masterSecretArn ? [other.masterSecretArn] : []),
      ].map((secret) => ({
        principal,
        action: 'kms:Decrypt',
        resource: other.key.arn,
        context: {
          'kms:ViaService': `secretsmanager.${other.region}.amazonaws.com`,
          'kms:EncryptionContext:SecretARN': secret,
        },
      })),
    ),
  ];
}

/** AWS's default key policy: the account root may do everything, so IAM policies alone decide. */
export function defaultKeyPolicy(accountId: string): PolicyDocument {
  return document({
    Sid: 'Enable IAM User Permissions',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${accountId}:root` },
    Action: 'kms:*',
    Resource: '*',
  });
}

/** A KMS key a deploy role must not take: its ARN, the tags it carries and its key policy. */
interface ForeignKey {
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly policy: PolicyDocument;
}

/**
 * Keys of `env`'s account that are not `env`'s: every other environment's key there (the shared-account case),
 * another workload's key tagged with the same environment name, and an untagged key, both with AWS's default key
 * policy (which leaves the decision to IAM policies).
 */
function foreignKeys(world: EscalationWorld, env: EnvironmentModel): ForeignKey[] {
  const key = (id: string) => `arn:aws:kms:${env.region}:${env.accountId}:key/${id}`;
  return [
    ...world.account.environments
      .filter((other) => other.name !== env.name)
      .map((other) => ({ arn: other.key.arn, tags: other.key.tags, policy: other.key.policy })),
    {
      arn: key('0a0b0c0d-1111-2222-3333-444455556666'),
      tags: { Project: 'payroll', Environment: env.name },
      policy: defaultKeyPolicy(env.accountId),
    },
    { arn: key('0a0b0c0d-7777-8888-9999-000011112222'), tags: {}, policy: defaultKeyPolicy(env.accountId) },
  ];
}

/** The request context of a call on a resource carrying `tags` (aws:ResourceTag/...). */
function resourceTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([tag, value]) => [`aws:ResourceTag/${tag}`, value]));
}

/** The request tags that would make a resource look like `env`'s. */
function environmentRequestTags(world: EscalationWorld, env: EnvironmentModel): Record<string, string> {
  return { 'aws:RequestTag/Project': world.account.project, 'aws:RequestTag/Environment': env.name };
}

/** The RDS instance of `env` whose master secret RDS tags `aws:rds:primaryDBInstanceArn` (see rds.ts). */
function instanceArn(env: EnvironmentModel): string {
  return `arn:aws:rds:${env.region}:${env.accountId}:db:${env.namePrefix}-db`;
}

/** The tag RDS puts on the master secret of an instance, as a condition context (only AWS can set `aws:` tags). */
function masterSecretTag(instance: string): Record<string, string> {
  return { 'aws:ResourceTag/aws:rds:primaryDBInstanceArn': instance };
}

/**
 * RDS-managed master secrets (`rds!db-*`) a deploy role of `env` must not re-tag: every other environment's that has
 * a database, in any account, and one of another workload's database in its own account, which exists whatever the
 * fixture's databases.
 */
function foreignMasterSecrets(world: EscalationWorld, env: EnvironmentModel): { arn: string; instance: string }[] {
  const others = world.accounts.flatMap((a) => a.environments).filter((other) => other.name !== env.name);
  return [
    ...others.flatMap((other) =>
      other.masterSecretArn ? [{ arn: other.masterSecretArn, instance: instanceArn(other) }] : [],
    ),
    {
      arn: `arn:aws:secretsmanager:${env.region}:${env.accountId}:secret:rds!db-0a0b0c0d-1111-2222-3333-444455556666-AbCdEf`,
      instance: `arn:aws:rds:${env.region}:${env.accountId}:db:payroll-db`,
    },
  ];
}

/** A call made by the role itself, and the same call made for it by an AWS service (a forward access session). */
const DIRECT_AND_THROUGH_A_SERVICE: readonly Record<string, string>[] = [{}, { 'aws:ViaAWSService': 'true' }];

/** An account outside the project. */
const OUTSIDE_ACCOUNT = '999999999999';

const POLICY_CHANGES = [
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:DeletePolicy',
  'iam:TagPolicy',
  'iam:UntagPolicy',
];

const ROLE_CHANGES = [
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
];

export const ESCALATION_CASES: readonly EscalationCase[] = [
  {
    method: 'rewrite a permissions boundary',
    how: 'iam:CreatePolicyVersion, SetDefaultPolicyVersion, DeletePolicyVersion, DeletePolicy, TagPolicy, UntagPolicy on every boundary of the account (environments, deploy roles, plan role); iam:CreatePolicy',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: (world) => [
      ...world.account.policyArns.flatMap((arn) => calls(world.role, POLICY_CHANGES, arn)),
      ...ownEnvironments(world).flatMap((env) => [
        ...calls(world.role, ['iam:CreatePolicy'], iamArn(world.account, `policy/${env.namePrefix}-boundary`)),
        ...calls(world.role, ['iam:CreatePolicy'], iamArn(world.account, `policy/delivery/${env.namePrefix}-x`)),
      ]),
    ],
  },
  {
    method: 'create a role with another boundary or none',
    how: 'iam:CreateRole `<prefix>-x` without a boundary, with every other boundary of the account, with AdministratorAccess',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: (world) =>
      ownEnvironments(world).flatMap((env) => {
        const resource = iamArn(world.account, `role/${env.namePrefix}-x`);
        return [
          { principal: world.role, action: 'iam:CreateRole', resource },
          ...wrongBoundaries(world, env).map((boundary) => ({
            principal: world.role,
            action: 'iam:CreateRole',
            resource,
            context: { 'iam:PermissionsBoundary': boundary },
          })),
        ];
      }),
  },
  {
    method: 'put another boundary on a role, or remove it',
    how: 'iam:PutRolePermissionsBoundary with every other boundary, iam:DeleteRolePermissionsBoundary, on every role of its environment',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: (world) =>
      ownEnvironments(world).flatMap((env) =>
        Object.values(env.roles).flatMap((target) => [
          ...wrongBoundaries(world, env).map((boundary) => ({
            principal: world.role,
            action: 'iam:PutRolePermissionsBoundary',
            resource: target.arn,
            context: { 'iam:PermissionsBoundary': boundary },
          })),
          { principal: world.role, action: 'iam:DeleteRolePermissionsBoundary', resource: target.arn },
        ]),
      ),
  },
  {
    method: 'widen a pipeline role',
    how: 'iam:PutRolePolicy, DeleteRolePolicy, AttachRolePolicy (AdministratorAccess), DetachRolePolicy, PutRolePermissionsBoundary, DeleteRolePermissionsBoundary, UpdateAssumeRolePolicy, UpdateRole, DeleteRole on itself and every other pipeline role',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: (world) =>
      world.account.roles.flatMap((target) => [
        ...calls(world.role, ROLE_CHANGES, target.arn, {
          'iam:PermissionsBoundary': target.boundaryArn,
        }),
        {
          principal: world.role,
          action: 'iam:AttachRolePolicy',
          resource: target.arn,
          context: { 'iam:PermissionsBoundary': target.boundaryArn, 'iam:PolicyARN': ADMINISTRATOR_ACCESS },
        },
        ...calls(
          world.role,
          ['iam:DeleteRolePermissionsBoundary', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:DeleteRole'],
          target.arn,
        ),
      ]),
  },
  {
    method: 'trust, pass or assume a role outside its environment',
    how: 'iam:UpdateAssumeRolePolicy, iam:PassRole (to Lambda, EC2), sts:AssumeRole on the roles of every other environment and on the pipeline roles; sts:AssumeRole on its own environment roles',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: (world) => {
      const outside = [
        ...otherEnvironments(world).flatMap((env) => Object.values(env.roles)),
        ...world.accounts.flatMap((a) => a.roles),
      ];
      const own = ownEnvironments(world).flatMap((env) => Object.values(env.roles));
      return [
        ...outside.flatMap((target) => [
          { principal: world.role, action: 'iam:UpdateAssumeRolePolicy', resource: target.arn },
          ...['lambda.amazonaws.com', 'ec2.amazonaws.com'].map((service) => ({
            principal: world.role,
            action: 'iam:PassRole',
            resource: target.arn,
            context: { 'iam:PassedToService': service },
          })),
        ]),
        ...[...outside, ...own].map((target) => ({
          principal: world.role,
          action: 'sts:AssumeRole',
          resource: target.arn,
          resourcePolicy: target.trustPolicy,
        })),
      ];
    },
  },
  {
    method: 'create users, access keys or login profiles, or join a group',
    how: 'iam:CreateUser, CreateAccessKey, CreateLoginProfile, UpdateLoginProfile, PutUserPolicy, AttachUserPolicy, AddUserToGroup, CreateGroup, PutGroupPolicy, AttachGroupPolicy',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: ({ role, account }) => [
      ...calls(
        role,
        [
          'iam:CreateUser',
          'iam:CreateAccessKey',
          'iam:CreateLoginProfile',
          'iam:UpdateLoginProfile',
          'iam:PutUserPolicy',
          'iam:AttachUserPolicy',
        ],
        iamArn(account, 'user/administrator'),
      ),
      ...calls(
        role,
        ['iam:AddUserToGroup', 'iam:CreateGroup', 'iam:PutGroupPolicy', 'iam:AttachGroupPolicy'],
        iamArn(account, 'group/administrators'),
      ),
    ],
  },
  {
    method: "change GitHub's OIDC provider or add an identity provider",
    how: 'iam:UpdateOpenIDConnectProviderThumbprint, AddClientIDToOpenIDConnectProvider, RemoveClientIDFromOpenIDConnectProvider, DeleteOpenIDConnectProvider, TagOpenIDConnectProvider, CreateOpenIDConnectProvider, CreateSAMLProvider',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: ({ role, account }) => [
      ...calls(
        role,
        [
          'iam:UpdateOpenIDConnectProviderThumbprint',
          'iam:AddClientIDToOpenIDConnectProvider',
          'iam:RemoveClientIDFromOpenIDConnectProvider',
          'iam:DeleteOpenIDConnectProvider',
          'iam:TagOpenIDConnectProvider',
          'iam:CreateOpenIDConnectProvider',
        ],
        account.oidcProviderArn,
      ),
      ...calls(role, ['iam:CreateOpenIDConnectProvider'], iamArn(account, 'oidc-provider/issuer.example.com')),
      ...calls(role, ['iam:CreateSAMLProvider'], iamArn(account, 'saml-provider/corporate')),
    ],
  },
  {
    method: 'administer the state key',
    how: 'kms:PutKeyPolicy, ScheduleKeyDeletion, DisableKey, DisableKeyRotation, CreateGrant, TagResource, UntagResource, Decrypt (not through S3) on the state key; kms:UpdateAlias, DeleteAlias on its alias',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: ({ role, account }) => {
      const tags = Object.fromEntries(
        Object.entries(account.stateKeyTags).map(([tag, value]) => [`aws:ResourceTag/${tag}`, value]),
      );
      const alias = `arn:aws:kms:${account.region}:${account.accountId}:alias/${account.project}-tfstate`;
      return [
        ...calls(
          role,
          [
            'kms:PutKeyPolicy',
            'kms:ScheduleKeyDeletion',
            'kms:DisableKey',
            'kms:DisableKeyRotation',
            'kms:CreateGrant',
            'kms:TagResource',
            'kms:UntagResource',
            'kms:Decrypt',
          ],
          account.stateKeyArn,
          tags,
          account.stateKeyPolicy,
        ),
        ...calls(role, ['kms:UpdateAlias', 'kms:DeleteAlias'], alias),
      ];
    },
  },
  {
    method: 'tag or untag a KMS key it does not own',
    how: "kms:TagResource with its own environment's tags, and kms:UntagResource, on every other environment's key of its account, another workload's key and an untagged key (each request carries the key's current tags only); kms:CreateKey and its kms:TagResource with another environment's or project's tags",
    roles: 'deploy',
    expected: 'denied',
    requests: (world) =>
      ownEnvironments(world).flatMap((env) =>
        foreignKeys(world, env)
          .flatMap((key) => [
            ...calls(
              world.role,
              ['kms:TagResource'],
              key.arn,
              { ...resourceTags(key.tags), ...environmentRequestTags(world, env) },
              key.policy,
            ),
            ...calls(world.role, ['kms:UntagResource'], key.arn, resourceTags(key.tags), key.policy),
          ])
          .concat(
            // A new key (the kms:TagResource inside CreateKey) named for another environment or project.
            [
              { 'aws:RequestTag/Project': world.account.project, 'aws:RequestTag/Environment': `${env.name}x` },
              { 'aws:RequestTag/Project': 'payroll', 'aws:RequestTag/Environment': env.name },
            ].flatMap((tags) => calls(world.role, ['kms:CreateKey', 'kms:TagResource'], '*', tags)),
          ),
      ),
  },
  {
    method: "tag or untag another environment's RDS master secret",
    how: "secretsmanager:TagResource with its own instance's ARN as `aws:rds:primaryDBInstanceArn`, and UntagResource, on the RDS-managed master secret (`rds!db-*`) of every other environment and of another workload's database in its account (each request carries the secret's current tag only), called directly and as RDS would call them for it (aws:ViaAWSService)",
    roles: 'deploy',
    expected: 'denied',
    requests: (world) =>
      ownEnvironments(world).flatMap((env) =>
        foreignMasterSecrets(world, env).flatMap((secret) =>
          DIRECT_AND_THROUGH_A_SERVICE.flatMap((via) => [
            ...calls(world.role, ['secretsmanager:TagResource'], secret.arn, {
              ...masterSecretTag(secret.instance),
              'aws:RequestTag/aws:rds:primaryDBInstanceArn': instanceArn(env),
              ...via,
            }),
            ...calls(world.role, ['secretsmanager:UntagResource'], secret.arn, {
              ...masterSecretTag(secret.instance),
              ...via,
            }),
          ]),
        ),
      ),
  },
  {
    method: 'administer a KMS key it does not own',
    how: "kms:PutKeyPolicy, ScheduleKeyDeletion, DisableKey, UpdateKeyDescription, CreateAlias, UpdateAlias on every other environment's key of its account, another workload's key and an untagged key",
    roles: 'deploy and plan',
    expected: 'denied',
    requests: (world) =>
      ownEnvironments(world).flatMap((env) =>
        foreignKeys(world, env).flatMap((key) =>
          calls(
            world.role,
            [
              'kms:PutKeyPolicy',
              'kms:ScheduleKeyDeletion',
              'kms:DisableKey',
              'kms:UpdateKeyDescription',
              'kms:CreateAlias',
              'kms:UpdateAlias',
            ],
            key.arn,
            resourceTags(key.tags),
            key.policy,
          ),
        ),
      ),
  },
  {
    method: 'let another account in',
    how: 'lambda:AddPermission for another account on its own functions; iam:UpdateAssumeRolePolicy, kms:PutKeyPolicy, secretsmanager:PutResourcePolicy, lambda:AddPermission on the roles, keys, secrets and functions of every other environment, the pipeline roles and the state key',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: (world) => {
      const { role, account } = world;
      const others = otherEnvironments(world);
      return [
        ...ownEnvironments(world).flatMap((env) =>
          Object.values(env.functions).flatMap((fn) =>
            [OUTSIDE_ACCOUNT, `arn:aws:iam::${OUTSIDE_ACCOUNT}:root`].flatMap((principal) =>
              calls(role, ['lambda:AddPermission'], fn.arn, { 'lambda:Principal': principal }),
            ),
          ),
        ),
        ...[...others.flatMap((env) => Object.values(env.roles)), ...world.accounts.flatMap((a) => a.roles)].flatMap(
          (target) => calls(role, ['iam:UpdateAssumeRolePolicy'], target.arn),
        ),
        ...others.flatMap((env) => [
          ...calls(role, ['kms:PutKeyPolicy'], env.key.arn, resourceTags(env.key.tags), env.key.policy),
          ...Object.values(env.secrets).flatMap((secret) =>
            calls(role, ['secretsmanager:PutResourcePolicy'], secret.arn),
          ),
          ...Object.values(env.functions).flatMap((fn) =>
            calls(role, ['lambda:AddPermission'], fn.arn, { 'lambda:Principal': OUTSIDE_ACCOUNT }),
          ),
        ]),
        ...calls(
          role,
          ['kms:PutKeyPolicy'],
          account.stateKeyArn,
          resourceTags(account.stateKeyTags),
          account.stateKeyPolicy,
        ),
      ];
    },
  },
  {
    method: "change the state bucket's policy, versioning, encryption or lifecycle, or delete it or old versions",
    how: 's3:PutBucketPolicy, DeleteBucketPolicy, PutBucketVersioning, PutEncryptionConfiguration, PutLifecycleConfiguration, PutBucketPublicAccessBlock, PutBucketOwnershipControls, PutBucketAcl, DeleteBucket; s3:DeleteObjectVersion on state objects',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: ({ role, account }) => [
      ...calls(
        role,
        [
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
          's3:PutBucketVersioning',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
          's3:PutBucketPublicAccessBlock',
          's3:PutBucketOwnershipControls',
          's3:PutBucketAcl',
          's3:DeleteBucket',
        ],
        account.stateBucketArn,
      ),
      ...account.environments.flatMap((env) =>
        calls(role, ['s3:DeleteObjectVersion'], `${account.stateBucketArn}/${account.project}/${env.name}-app.tfstate`),
      ),
    ],
  },
  {
    method: "read or write another environment's state, or the bootstrap's",
    how: 's3:GetObject, PutObject, DeleteObject on the state of every other environment of the account; s3:PutObject, DeleteObject on the bootstrap state',
    roles: 'deploy',
    expected: 'denied',
    requests: (world) => {
      const { role, account } = world;
      const state = (key: string) => `${account.stateBucketArn}/${account.project}/${key}`;
      return [
        ...account.environments
          .filter((env) => env.name !== role.environment)
          .flatMap((env) =>
            ['security', 'app'].flatMap((layer) =>
              calls(role, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], state(`${env.name}-${layer}.tfstate`)),
            ),
          ),
        ...calls(role, ['s3:PutObject', 's3:DeleteObject'], state('bootstrap.tfstate')),
      ];
    },
  },
  {
    method: 'run code or get credentials through another service',
    how: 'ec2:RunInstances, AssociateIamInstanceProfile; iam:CreateInstanceProfile, AddRoleToInstanceProfile; cloudformation:CreateStack, UpdateStack; codebuild:CreateProject, StartBuild; glue:CreateDevEndpoint, UpdateDevEndpoint, CreateJob; ssm:SendCommand, StartSession',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: ({ role, account }) => {
      const arn = (service: string, resource: string) =>
        `arn:aws:${service}:${account.region}:${account.accountId}:${resource}`;
      return [
        ...calls(
          role,
          ['ec2:RunInstances', 'ec2:AssociateIamInstanceProfile'],
          arn('ec2', 'instance/i-0123456789abcdef0'),
        ),
        ...calls(
          role,
          ['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile'],
          iamArn(account, 'instance-profile/escalate'),
        ),
        ...calls(
          role,
          ['cloudformation:CreateStack', 'cloudformation:UpdateStack'],
          arn('cloudformation', 'stack/escalate/0f0e0d0c-0b0a-0908-0706-050403020100'),
        ),
        ...calls(role, ['codebuild:CreateProject', 'codebuild:StartBuild'], arn('codebuild', 'project/escalate')),
        // glue:CreateDevEndpoint names no resource.
        ...calls(role, ['glue:CreateDevEndpoint'], '*'),
        ...calls(role, ['glue:UpdateDevEndpoint'], arn('glue', 'devEndpoint/escalate')),
        ...calls(role, ['glue:CreateJob'], arn('glue', 'job/escalate')),
        ...calls(role, ['ssm:SendCommand', 'ssm:StartSession'], arn('ec2', 'instance/i-0123456789abcdef0')),
        ...calls(role, ['ssm:SendCommand'], arn('ssm', 'document/run-anything')),
      ];
    },
  },
  {
    method: 'create, change or invoke a function outside its environment',
    how: 'lambda:CreateFunction, UpdateFunctionCode, UpdateFunctionConfiguration, AddPermission, InvokeFunction, DeleteFunction on every function of the other environments and on a function outside the project',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: (world) => {
      const { role, account } = world;
      const targets = [
        ...otherEnvironments(world).flatMap((env) => Object.values(env.functions).map((fn) => fn.arn)),
        `arn:aws:lambda:${account.region}:${account.accountId}:function:payroll`,
      ];
      return targets.flatMap((fn) =>
        calls(
          role,
          [
            'lambda:CreateFunction',
            'lambda:UpdateFunctionCode',
            'lambda:UpdateFunctionConfiguration',
            'lambda:AddPermission',
            'lambda:InvokeFunction',
            'lambda:DeleteFunction',
          ],
          fn,
        ),
      );
    },
  },
  {
    method: 'read or write a secret value',
    how: 'secretsmanager:GetSecretValue, PutSecretValue, UpdateSecretVersionStage on every secret of the account (the RDS-managed master secret included)',
    roles: 'deploy and plan',
    expected: 'denied',
    requests: ({ role, account }) =>
      account.environments.flatMap((env) =>
        [
          ...Object.values(env.secrets).map((s) => s.arn),
          ...(env.masterSecretArn ? [env.masterSecretArn] : []),
        ].flatMap((secret) =>
          calls(
            role,
            [
              'secretsmanager:GetSecretValue',
              'secretsmanager:PutSecretValue',
              'secretsmanager:UpdateSecretVersionStage',
            ],
            secret,
          ),
        ),
      ),
  },
  {
    method: 'write anything',
    how: 's3:PutObject, DeleteObject on every state object; iam:CreateRole, PutRolePolicy; lambda:CreateFunction, UpdateFunctionCode, UpdateFunctionConfiguration; kms:CreateKey; secretsmanager:CreateSecret; ssm:PutParameter; sqs:CreateQueue; logs:CreateLogGroup; ec2:CreateVpc; rds:CreateDBInstance',
    roles: 'plan',
    expected: 'denied',
    requests: (world) => {
      const { role, account } = world;
      const arn = (service: string, resource: string) =>
        `arn:aws:${service}:${account.region}:${account.accountId}:${resource}`;
      return [
        ...calls(
          role,
          ['s3:PutObject', 's3:DeleteObject'],
          `${account.stateBucketArn}/${account.project}/bootstrap.tfstate`,
        ),
        ...ownEnvironments(world).flatMap((env) => [
          ...['security', 'app'].flatMap((layer) =>
            calls(
              role,
              ['s3:PutObject', 's3:DeleteObject'],
              `${account.stateBucketArn}/${account.project}/${env.name}-${layer}.tfstate`,
            ),
          ),
          ...Object.values(env.roles).flatMap((target) =>
            calls(role, ['iam:CreateRole', 'iam:PutRolePolicy'], target.arn, {
              'iam:PermissionsBoundary': environmentBoundaryArn(
                account.accountId,
                account.project,
                env.name,
                account.region,
              ),
            }),
          ),
          ...Object.values(env.functions).flatMap((fn) =>
            calls(
              role,
              ['lambda:CreateFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration'],
              fn.arn,
            ),
          ),
          ...calls(role, ['kms:CreateKey'], '*', {
            'aws:RequestTag/Project': account.project,
            'aws:RequestTag/Environment': env.name,
          }),
          ...calls(
            role,
            ['secretsmanager:CreateSecret'],
            arn('secretsmanager', `secret:${account.project}/${env.name}/x`),
          ),
          ...calls(role, ['ssm:PutParameter'], arn('ssm', `parameter/${account.project}/${env.name}/x`)),
          ...calls(role, ['sqs:CreateQueue'], arn('sqs', `${env.namePrefix}-x`)),
          ...calls(role, ['logs:CreateLogGroup'], arn('logs', `log-group:/aws/lambda/${env.namePrefix}-x`)),
          ...calls(role, ['rds:CreateDBInstance'], arn('rds', `db:${env.namePrefix}-x`)),
        ]),
        ...calls(role, ['ec2:CreateVpc'], arn('ec2', 'vpc/vpc-0123456789abcdef0')),
      ];
    },
  },
  {
    method: CHAIN,
    how: "every method above, made by a role of its environment whose own policy allows `*` (the most the deploy role can grant a role it creates; functions it deploys run as such roles), except reading its own environment's secrets; kms:Decrypt via Secrets Manager of every other environment's secrets",
    roles: 'deploy',
    expected: 'denied',
    requests: (world) => ownEnvironments(world).flatMap((env) => chainedRequests(world, env, escalator(env))),
  },
  {
    method: 'positive control: do its job',
    how: "deploy role: iam:CreateRole `<prefix>-x` under the environment boundary, s3:PutObject on its own state, lambda:UpdateFunctionCode on its functions, kms:CreateKey with its environment's tags (and the kms:TagResource KMS checks for them), kms:TagResource, UntagResource, PutKeyPolicy, ScheduleKeyDeletion on its own key, secretsmanager:CreateSecret and TagResource on its RDS master secret as RDS calls them for it; plan role: s3:GetObject on every state object, kms:Decrypt of state through S3 and of function settings through Lambda",
    roles: 'deploy and plan',
    expected: 'allowed',
    requests: (world) => {
      const { role, account } = world;
      const state = (env: EnvironmentModel) => `${account.stateBucketArn}/${account.project}/${env.name}-app.tfstate`;
      const decryptState = calls(
        role,
        ['kms:Decrypt'],
        account.stateKeyArn,
        { 'kms:ViaService': `s3.${account.region}.amazonaws.com` },
        account.stateKeyPolicy,
      );
      if (role.kind === 'plan') {
        return [
          ...account.environments.flatMap((env) => [
            ...calls(role, ['s3:GetObject'], state(env)),
            // Reading a function's CMK-encrypted settings: Lambda decrypts them with the caller's credentials.
            ...calls(role, ['kms:Decrypt'], env.key.arn, {
              'kms:ViaService': `lambda.${account.region}.amazonaws.com`,
            }),
          ]),
          ...decryptState,
        ];
      }
      return ownEnvironments(world).flatMap((env) => [
        ...calls(role, ['iam:CreateRole'], iamArn(account, `role/${env.namePrefix}-x`), {
          'iam:PermissionsBoundary': environmentBoundaryArn(
            account.accountId,
            account.project,
            env.name,
            account.region,
          ),
        }),
        ...calls(role, ['s3:PutObject'], state(env)),
        ...Object.values(env.functions).flatMap((fn) => calls(role, ['lambda:UpdateFunctionCode'], fn.arn)),
        ...decryptState,
        // A new environment key: CreateKey carries the tags, and KMS checks kms:TagResource for them on no
        // particular key (the key does not exist yet).
        ...calls(role, ['kms:CreateKey', 'kms:TagResource'], '*', environmentRequestTags(world, env)),
        // Its master secret, created and tagged by RDS for it (a forward access session: aws:ViaAWSService), before
        // the secret exists and once it carries its instance's tag.
        ...(env.masterSecretArn
          ? [
              ...calls(role, ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'], env.masterSecretArn, {
                'aws:ViaAWSService': 'true',
              }),
              ...calls(role, ['secretsmanager:TagResource'], env.masterSecretArn, {
                ...masterSecretTag(instanceArn(env)),
                'aws:ViaAWSService': 'true',
              }),
            ]
          : []),
        // Its own key, which already carries its tags: retag and administer it.
        ...calls(
          role,
          ['kms:TagResource', 'kms:UntagResource', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
          env.key.arn,
          { ...resourceTags(env.key.tags), ...environmentRequestTags(world, env) },
        ),
      ]);
    },
  },
];

/** The pipeline section of docs/ACCESS.md: the cases as a table, laid out the way Biome formats Markdown tables. */
export function renderEscalationTable(cases: readonly EscalationCase[]): string[] {
  const header = ['Pipeline role', 'Tries to', 'Calls', 'Result'];
  const rows = cases.map((c) => [
    c.roles,
    markdownCell(c.method),
    markdownCell(c.how),
    c.expected === 'allowed' ? 'allowed' : '**denied**',
  ]);
  return [
    '## Pipeline roles',
    '',
    'Each row is a case of `test/synth/pipeline-escalation.test.ts`, evaluated for every deploy role and the plan role',
    "of every account, with each account's synthesized bootstrap stack (pipeline roles, their boundaries and the",
    'environment boundaries) and the environments deployed into it, for a fixture with one account per environment',
    'and one with two environments sharing an account. `<prefix>` is `<project>-<env>` of the deploy role.',
    '',
    ...markdownTable(header, rows),
  ];
}
