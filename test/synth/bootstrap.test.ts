import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { ConfigError } from '../../lib/config/validate';
import { applyGuardrails } from '../../lib/guardrails';
import { buildBootstrap } from '../../stacks/bootstrap-stack';
import { allFeatures, type Fixture, multiAccount } from '../fixtures';
import { onlyResource, policyOf, resourcesOf, type StackJson, synthBootstrapStack } from '../support/synth';

const HOST = 'token.actions.githubusercontent.com';

/** The bootstrap stack of `fixture` with some delivery settings replaced. */
function synthBootstrap(fixture: Fixture, environment?: string, delivery: Partial<Fixture['delivery']> = {}) {
  return synthBootstrapStack({ ...fixture, delivery: { ...fixture.delivery, ...delivery } }, environment);
}

type Statement = Record<string, unknown>;
const roleNamed = (stack: StackJson, name: string) =>
  Object.values(resourcesOf(stack, 'aws_iam_role')).find((r) => r.name === name);
const trustOf = (stack: StackJson, name: string) => policyOf(roleNamed(stack, name)?.assume_role_policy).Statement;
/** Every statement of every inline and attached managed policy of a role. */
const inlinePolicyOf = (stack: StackJson, roleUniqueId: string) => {
  const attached = Object.values(resourcesOf(stack, 'aws_iam_role_policy_attachment'))
    .filter((a) => String(a.role).includes(`.${roleUniqueId}.`))
    .map((a) => /aws_iam_policy\.([^.]+)\.arn/.exec(String(a.policy_arn))?.[1] ?? '');
  return [
    ...Object.values(resourcesOf(stack, 'aws_iam_role_policy')).filter((p) =>
      String(p.role).includes(`.${roleUniqueId}.`),
    ),
    ...attached.map((name) => resourcesOf(stack, 'aws_iam_policy')[name] ?? {}),
  ].flatMap((p) => policyOf(p.policy).Statement);
};
const uniqueIdOf = (stack: StackJson, name: string) =>
  Object.entries(resourcesOf(stack, 'aws_iam_role')).find(([, r]) => r.name === name)?.[0] ?? '';
const actionsOf = (statements: readonly Statement[], effect = 'Allow') =>
  statements.filter((s) => (s.Effect ?? 'Allow') === effect).flatMap((s) => [s.Action].flat() as string[]);
/** Every policy document of the stack: trust, key, bucket, boundary and inline policies. */
function allStatements(stack: StackJson): Statement[] {
  return Object.values(stack.resource ?? {})
    .flatMap((resources) => Object.values(resources))
    .flatMap((r) => ['policy', 'assume_role_policy'].filter((k) => typeof r[k] === 'string').map((k) => r[k]))
    .flatMap((policy) => policyOf(policy).Statement);
}

describe('the sample repository', () => {
  it('is refused with one line that says what to set', () => {
    const delivery = { ...multiAccount.delivery, github: { ...multiAccount.delivery.github, owner: 'acme' } };
    const sample = { ...delivery, github: { ...delivery.github, repository: 'secure-serverless-cdktf' } };
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'bootstrap-')) });

    const act = () => buildBootstrap(app, multiAccount.project, sample);

    expect(act).toThrow(ConfigError);
    expect(act).toThrow(
      'config/delivery.ts still names the sample repository acme/secure-serverless-cdktf: set github.owner and github.repository to the repository that deploys this project',
    );
  });

  it('is not confused with another repository of the same owner', () => {
    const delivery = { ...multiAccount.delivery, github: { ...multiAccount.delivery.github, owner: 'acme' } };

    expect(() => synthBootstrap(multiAccount, undefined, delivery)).not.toThrow();
  });
});

describe(`bootstrap (${multiAccount.name}, names in subject claims)`, () => {
  const stack = synthBootstrap(multiAccount);
  const providerRef = '${aws_iam_openid_connect_provider.github-oidc_provider_D7593BA3.arn}';

  it('bootstraps the account of the first environment, pinned to it', () => {
    expect(stack.provider?.aws?.[0]).toMatchObject({ allowed_account_ids: ['210987654321'], region: 'eu-central-1' });
  });

  it("registers GitHub's OIDC provider for STS, without thumbprints", () => {
    const provider = onlyResource(stack, 'aws_iam_openid_connect_provider');

    expect(provider.url).toBe(`https://${HOST}`);
    expect(provider.client_id_list).toEqual(['sts.amazonaws.com']);
    expect(provider.thumbprint_list).toBeUndefined();
  });

  it('lets only jobs of the branch main bound to the GitHub environment "test" assume the test deploy role', () => {
    expect(trustOf(stack, 'multi-test-deploy')).toEqual([
      {
        Sid: 'GitHubActionsJobAssumesRole',
        Effect: 'Allow',
        Principal: { Federated: providerRef },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${HOST}:aud`]: 'sts.amazonaws.com',
            [`${HOST}:sub`]: 'repo:multi-co/platform:environment:test:ref:refs/heads/main',
          },
        },
      },
    ]);
  });

  it("lets only the repository's pull-request jobs assume the plan role, whatever the pull request's number", () => {
    expect(trustOf(stack, 'multi-plan')[0]?.Condition).toEqual({
      StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${HOST}:sub`]: 'repo:multi-co/platform:pull_request:ref:refs/pull/*/merge' },
    });
  });

  it('owns the permissions boundary of every environment role, under /delivery/, naming the key by its tags', () => {
    const boundary = Object.values(resourcesOf(stack, 'aws_iam_policy')).find((p) => p.name === 'multi-test-boundary');
    const keyUse = policyOf(boundary?.policy).Statement.find((s) => s.Sid === 'UseOwnEnvironmentKey');

    expect(boundary?.path).toBe('/delivery/');
    expect(keyUse).toMatchObject({
      Resource: 'arn:aws:kms:eu-central-1:210987654321:key/*',
      Condition: { StringEquals: { 'aws:ResourceTag/Project': 'multi', 'aws:ResourceTag/Environment': 'test' } },
    });
    expect(stack.output?.environmentBoundaryArns?.value).toEqual({ test: expect.stringContaining('aws_iam_policy') });
  });

  it('never grants anything to a wildcard principal', () => {
    for (const statement of allStatements(stack).filter((s) => (s.Effect ?? 'Allow') === 'Allow')) {
      expect(statement.Principal).not.toBe('*');
      expect(JSON.stringify(statement.Principal ?? {})).not.toContain('"*"');
    }
  });

  it('keeps the state bucket versioned, KMS-encrypted with its own rotating key, private and owner-enforced', () => {
    const key = onlyResource(stack, 'aws_kms_key');
    const keyRef = `\${aws_kms_key.${Object.keys(resourcesOf(stack, 'aws_kms_key'))[0]}.arn}`;

    expect(key).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30 });
    expect(onlyResource(stack, 'aws_s3_bucket')).toMatchObject({
      bucket: 'multi-tfstate-210987654321',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(stack, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(onlyResource(stack, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: keyRef },
        bucket_key_enabled: true,
      },
    ]);
    expect(onlyResource(stack, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(stack, 'aws_s3_bucket_ownership_controls').rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
    expect(onlyResource(stack, 'aws_kms_alias').name).toBe('alias/multi-tfstate');
  });

  it('denies requests without TLS and requests from other accounts on the bucket and every object', () => {
    const statements = policyOf(onlyResource(stack, 'aws_s3_bucket_policy').policy).Statement;
    const bucketRef = `\${aws_s3_bucket.${Object.keys(resourcesOf(stack, 'aws_s3_bucket'))[0]}.arn}`;
    const denial = (sid: string) => statements.find((s) => s.Sid === sid);

    expect(denial('DenyInsecureTransport')).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketRef, `${bucketRef}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(denial('DenyOtherAccounts')?.Condition).toEqual({
      StringNotEquals: { 'aws:PrincipalAccount': '210987654321' },
    });
    expect(denial('DenyUploadsNotEncryptedWithKms')?.Condition).toEqual({
      StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' },
    });
  });

  it('expires replaced state versions after the configured days', () => {
    const rules = onlyResource(stack, 'aws_s3_bucket_lifecycle_configuration').rule as Statement[];

    expect(rules[0]?.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90, newer_noncurrent_versions: 10 }]);
  });

  it('gives the plan role read actions only, and never a secret value', () => {
    const statements = inlinePolicyOf(stack, uniqueIdOf(stack, 'multi-plan'));
    const boundary = policyOf(
      Object.values(resourcesOf(stack, 'aws_iam_policy')).find((p) => p.name === 'multi-plan-boundary')?.policy,
    ).Statement;

    for (const action of [...actionsOf(statements), ...actionsOf(boundary)]) {
      expect(action).toMatch(/^[a-z0-9-]+:(Get|List|Describe|View)|^kms:Decrypt$/);
    }
    expect(actionsOf(statements)).not.toContain('secretsmanager:GetSecretValue');
    expect(actionsOf(boundary, 'Deny')).toEqual(['secretsmanager:GetSecretValue']);
  });

  it('lets a deploy role use only its own environment state', () => {
    const statements = inlinePolicyOf(stack, uniqueIdOf(stack, 'multi-test-deploy'));
    const state = statements.find((s) => s.Sid === 'ReadAndWriteOwnState');

    expect(state?.Action).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(String(state?.Resource)).toMatch(/\/multi\/test-\*$/);
  });

  it('lets a deploy role create roles only under the environment permissions boundary', () => {
    const statements = inlinePolicyOf(stack, uniqueIdOf(stack, 'multi-test-deploy'));
    const create = statements.filter((s) => actionsOf([s]).includes('iam:CreateRole'));

    expect(create).toHaveLength(1);
    expect(create[0]?.Condition).toEqual({
      StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::210987654321:policy/delivery/multi-test-boundary' },
    });
  });

  it('lets a deploy role create a KMS key (and tag it inside CreateKey) only with its own environment tags', () => {
    const statements = inlinePolicyOf(stack, uniqueIdOf(stack, 'multi-test-deploy'));

    expect(statements.find((s) => actionsOf([s]).includes('kms:CreateKey'))).toEqual({
      Sid: 'CreateEnvironmentKeyWithItsTags',
      Effect: 'Allow',
      Action: ['kms:CreateKey', 'kms:TagResource'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/Project': 'multi', 'aws:RequestTag/Environment': 'test' } },
    });
  });

  it('passes the guardrails, excused only where kms:CreateKey needs Resource "*" and where a boundary allows whole services', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'bootstrap-')) });
    buildBootstrap(app, multiAccount.project, multiAccount.delivery);
    const aspect = applyGuardrails(app, { log: () => undefined });

    app.synth();

    expect(aspect.report?.errors).toEqual([]);
    expect(aspect.report?.warnings).toEqual([]);
    expect(aspect.report?.suppressed.map((f) => `${f.ruleId} ${f.resource.path}`).sort()).toEqual([
      'IamNoWildcardActions bootstrap/deploy-test/boundary',
      'IamNoWildcardResources bootstrap/deploy-test/boundary',
      'IamNoWildcardResources bootstrap/deploy-test/create-key',
    ]);
  });

  it('puts a boundary on the deploy role that forbids touching the pipeline itself', () => {
    const role = roleNamed(stack, 'multi-test-deploy');
    const [boundaryId, boundary] = Object.entries(resourcesOf(stack, 'aws_iam_policy')).find(
      ([, p]) => p.name === 'multi-test-deploy-boundary',
    ) ?? ['', {}];
    const denials = policyOf(boundary.policy).Statement.filter((s) => s.Effect === 'Deny');

    expect(role).toMatchObject({ path: '/delivery/', permissions_boundary: `\${aws_iam_policy.${boundaryId}.arn}` });
    expect(denials.find((s) => s.Sid === 'DenyPipelineChanges')).toMatchObject({
      Action: 'iam:*',
      Resource: ['arn:aws:iam::*:*/delivery/*', 'arn:aws:iam::*:oidc-provider/*'],
    });
    expect(denials.find((s) => s.Sid === 'DenyRolesWithoutBoundary')?.Action).toEqual(
      expect.arrayContaining(['iam:CreateRole', 'iam:*RolePermissionsBoundary', 'iam:*tachRolePolicy']),
    );
  });

  it("fits IAM's size limits: 10,240 characters of inline policy per role, 6,144 per managed policy, 10 attached", () => {
    const size = (policy: unknown) => String(policy).replace(/\s/g, '').length;
    const inlineByRole = new Map<string, number>();
    for (const policy of Object.values(resourcesOf(stack, 'aws_iam_role_policy'))) {
      const role = String(policy.role);
      inlineByRole.set(role, (inlineByRole.get(role) ?? 0) + size(policy.policy));
    }
    const attachedByRole = new Map<string, number>();
    for (const attachment of Object.values(resourcesOf(stack, 'aws_iam_role_policy_attachment'))) {
      attachedByRole.set(String(attachment.role), (attachedByRole.get(String(attachment.role)) ?? 0) + 1);
    }

    for (const total of inlineByRole.values()) expect(total).toBeLessThan(10_240);
    expect(attachedByRole.size).toBe(2);
    for (const count of attachedByRole.values()) expect(count).toBeLessThanOrEqual(10);
    for (const policy of Object.values(resourcesOf(stack, 'aws_iam_policy'))) {
      expect(size(policy.policy)).toBeLessThan(6_144);
    }
  });

  it('publishes the role ARNs, the bucket and the state key for the workflows', () => {
    expect(Object.keys(stack.output ?? {}).sort()).toEqual([
      'deployRoleArns',
      'environmentBoundaryArns',
      'oidcProviderArn',
      'planRoleArn',
      'stateBucketName',
      'stateKeyArn',
    ]);
    expect(Object.keys(stack.output?.deployRoleArns?.value as object)).toEqual(['test']);
  });

  it('keeps its own state in a local file named after the account until told to use the bucket', () => {
    expect(JSON.stringify(stack.terraform?.backend)).toMatch(
      /"local":\{"path":"[^"]*terraform\.bootstrap-210987654321\.tfstate"\}/,
    );
  });
});

describe(`bootstrap (${allFeatures.name}, immutable ids, other branches, one shared account)`, () => {
  const stack = synthBootstrap(allFeatures);
  const repository = 'repo:full-org@1234567/full-stack@987654321';

  it('binds each deploy role to the owner and repository ids, its environment and its configured branch', () => {
    expect(trustOf(stack, 'full-stage-deploy')[0]?.Condition).toEqual({
      StringEquals: {
        [`${HOST}:aud`]: 'sts.amazonaws.com',
        [`${HOST}:sub`]: `${repository}:environment:stage:ref:refs/heads/release/stage`,
      },
    });
    expect(JSON.stringify(trustOf(stack, 'full-prod-deploy'))).toContain(
      `"${repository}:environment:prod:ref:refs/heads/release/prod"`,
    );
  });

  it('binds the plan role to pull requests of the same ids', () => {
    expect(trustOf(stack, 'full-plan')[0]?.Condition).toEqual({
      StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${HOST}:sub`]: `${repository}:pull_request:ref:refs/pull/*/merge` },
    });
  });

  it('creates one deploy role and one environment boundary per environment of the shared account', () => {
    const boundaries = Object.values(resourcesOf(stack, 'aws_iam_policy')).map((p) => p.name);

    expect(Object.keys(stack.output?.deployRoleArns?.value as object).sort()).toEqual(['prod', 'stage']);
    expect(boundaries).toEqual(expect.arrayContaining(['full-stage-boundary', 'full-prod-boundary']));
  });
});

describe('bootstrap of other accounts and settings', () => {
  it("bootstraps the requested environment's account", () => {
    const stack = synthBootstrap(multiAccount, 'live');

    expect(stack.provider?.aws?.[0]?.allowed_account_ids).toEqual(['432109876543']);
    expect(Object.keys(stack.output?.deployRoleArns?.value as object)).toEqual(['live']);
  });

  it('moves its own state into the bucket, encrypted with the state key and locked natively, when told to', () => {
    const stack = synthBootstrap(multiAccount, undefined, { bootstrap: { remoteState: true } });

    expect(stack.terraform?.backend).toEqual({
      s3: {
        bucket: 'multi-tfstate-210987654321',
        key: 'multi/bootstrap.tfstate',
        region: 'eu-central-1',
        encrypt: true,
        kms_key_id: 'arn:aws:kms:eu-central-1:210987654321:alias/multi-tfstate',
        use_lockfile: true,
      },
    });
  });

  it("uses the account's existing GitHub OIDC provider when told not to create one", () => {
    const stack = synthBootstrap(multiAccount, undefined, { bootstrap: { createOidcProvider: false } });

    expect(resourcesOf(stack, 'aws_iam_openid_connect_provider')).toEqual({});
    expect(Object.values(stack.data?.aws_iam_openid_connect_provider ?? {})[0]).toMatchObject({
      url: `https://${HOST}`,
    });
  });

  it('turns on access logging into the configured bucket', () => {
    const stack = synthBootstrap(multiAccount, undefined, { bootstrap: { accessLogBucket: 'multi-access-logs' } });

    expect(onlyResource(stack, 'aws_s3_bucket_logging')).toMatchObject({
      target_bucket: 'multi-access-logs',
      target_prefix: 'multi-tfstate-210987654321/',
    });
  });

  it('refuses a production environment without reviewers, naming the setting', () => {
    const act = () => synthBootstrap(multiAccount, 'live', { environments: {} });

    expect(act).toThrow(
      'delivery environments.live.reviewers is empty, but live is a production environment: list at least one GitHub login (users) or team slug (teams) who approves its deploys',
    );
  });
});
