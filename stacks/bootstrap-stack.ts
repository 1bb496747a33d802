import { join } from 'node:path';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { App, LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  type BootstrapTarget,
  bootstrapTargets,
  DELIVERY_FILE,
  DELIVERY_IAM_PATH,
  type DeliveryConfig,
  type DeliveryInput,
  deliveryNames,
  type EnvironmentDelivery,
  environmentDelivery,
  sampleRepositoryProblem,
  stateKeyAliasArn,
  validateDelivery,
} from '../lib/config/delivery';
import type { EnvironmentConfig } from '../lib/config/types';
import { ConfigError, type ProjectInput, selectEnvironments, validateProject } from '../lib/config/validate';
import {
  DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE,
  deployBoundaryStatements,
  deployRoleStatements,
} from '../lib/constructs/bootstrap-deploy-policy';
import { planBoundaryStatements, planRoleStatements } from '../lib/constructs/bootstrap-plan-policy';
import { withConstructPath } from '../lib/constructs/construct-error';
import { GitHubOidcProvider, githubSubject } from '../lib/constructs/github-oidc';
import { GitHubRole } from '../lib/constructs/github-role';
import { PermissionsBoundary, permissionsBoundaryStatements } from '../lib/constructs/permissions-boundary';
import { policyDocument } from '../lib/constructs/policy-document';
import {
  assertPolicySizes,
  IAM_POLICY_LIMITS,
  type PolicySize,
  policySize,
  referenceLength,
} from '../lib/constructs/policy-size';
import { StateBucket } from '../lib/constructs/state-bucket';
import { permissionSourcesOf, resourceTypesIn } from '../lib/delivery-permissions';
import type { PermissionTable } from '../lib/delivery-permissions/types';
import { configureStack, publishOutputs } from '../lib/environment-stack';
import { suppressGuardrail } from '../lib/guardrails';
import { buildEnvironment } from './environment';

/** Id of the bootstrap stack; it bootstraps one account per deploy (see buildBootstrap). */
export const BOOTSTRAP_STACK_ID = 'bootstrap';

/** Longest deploy session: a first deploy that creates a Multi-AZ database can take most of an hour. */
const DEPLOY_SESSION_SECONDS = 7200;

/** Props of the bootstrap stack of one account. */
export interface BootstrapStackProps {
  /** Project name from the config; prefixes every name. */
  readonly project: string;
  /** The account to bootstrap and its environments. */
  readonly target: BootstrapTarget;
  /** Validated delivery settings: the GitHub repository the roles trust and the bootstrap options. */
  readonly delivery: DeliveryConfig;
  /** Branch and reviewers of every environment of the project (see environmentDelivery). */
  readonly environments: Readonly<Record<string, EnvironmentDelivery>>;
  /** Terraform resource types of each environment's stacks, by environment name (see resourceTypesOf). */
  readonly resourceTypes: Readonly<Record<string, ReadonlySet<string>>>;
  /**
   * Permissions-table entries beyond lib/delivery-permissions/, whose types every environment is taken to use:
   * how bench/policy-sizes.mjs and the size test measure a larger app's policies. A team's entries go in the table.
   * @default none
   */
  readonly extraPermissions?: PermissionTable;
}

/** What the workflows and people need after the bootstrap (`npm run bootstrap` writes them to outputs/). */
export interface BootstrapOutputs {
  /** Bucket holding every stack's state in this account: each environment's `stateBucket`. */
  readonly stateBucketName: string;
  /** ARN of the state bucket's KMS key. */
  readonly stateKeyArn: string;
  /** ARN of GitHub's OIDC provider in IAM. */
  readonly oidcProviderArn: string;
  /** Role pull requests assume to run `cdktf diff` (read-only). */
  readonly planRoleArn: string;
  /** Role each environment's deploy job assumes, by environment name. */
  readonly deployRoleArns: Readonly<Record<string, string>>;
  /** Permissions boundary of each environment's roles, by environment name. */
  readonly environmentBoundaryArns: Readonly<Record<string, string>>;
}

/**
 * `bootstrap`: what an account needs before the pipeline can deploy into it, deployed once by hand with
 * administrator credentials: the state bucket and its key, GitHub's OIDC provider, one deploy role per
 * environment (trusting only that repository's jobs bound to that GitHub environment, on its branch), the
 * permissions boundary of each environment's roles, and the plan role (trusting only its pull-request jobs).
 * Everything here lives under the IAM path /delivery/, which no pipeline role may change.
 */
export class BootstrapStack extends TerraformStack {
  readonly outputs: BootstrapOutputs;
  /** Every pipeline policy's size as IAM will count it (synth stops past 90 % of a limit; see policy-size.ts). */
  readonly policySizes: readonly PolicySize[];

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, BOOTSTRAP_STACK_ID);
    const { project, target, delivery, environments, extraPermissions } = props;
    const extraTypes = Object.keys(extraPermissions ?? {});
    const { accountId, region } = target;
    const settings = delivery.bootstrap;
    configureStack(this, { project, stackId: BOOTSTRAP_STACK_ID, environmentName: 'bootstrap', accountId, region });
    if (settings.remoteState) {
      const backend = new S3Backend(this, {
        bucket: target.stateBucket,
        key: `${project}/${BOOTSTRAP_STACK_ID}.tfstate`,
        region,
        encrypt: true,
        kmsKeyId: stateKeyAliasArn(project, accountId, region),
      });
      backend.addOverride('use_lockfile', true);
    } else {
      // One local state file per account, so bootstrapping a second account never plans against the first one's
      // state. The path is absolute, as cdktf's own default is.
      new LocalBackend(this, { path: join(process.cwd(), `terraform.${BOOTSTRAP_STACK_ID}-${accountId}.tfstate`) });
    }

    const state = new StateBucket(this, 'state', {
      bucketName: target.stateBucket,
      keyAlias: deliveryNames.stateKeyAlias(project),
      accountId,
      region,
      noncurrentVersionDays: settings.noncurrentVersionDays,
      noncurrentVersionsKept: settings.noncurrentVersionsKept,
      accessLogBucket: settings.accessLogBucket,
    });
    const provider = new GitHubOidcProvider(this, 'github-oidc', { create: settings.createOidcProvider });
    // One token each (every read of `.arn` makes a new one), so a policy's size can tell them apart.
    const stateBucketArn = state.bucket.arn;
    const stateKeyArn = state.key.arn;
    const statePermissions = {
      project,
      accountId,
      region,
      stateBucketArn,
      stateKeyArn,
      extraPermissions,
    };
    // What the state bucket's and key's tokens count for in a policy's size once Terraform resolves them.
    const referenceLengths = {
      [stateBucketArn]: referenceLength('aws_s3_bucket', 'arn'),
      [stateKeyArn]: referenceLength('aws_kms_key', 'arn'),
    };
    const typesOf = (name: string) => {
      const types = props.resourceTypes[name];
      if (!types) throw new Error(`BootstrapStack: no resource types for environment ${name}`);
      return new Set([...types, ...extraTypes]);
    };

    const planPermissions = {
      ...statePermissions,
      resourceTypes: new Set(target.environments.flatMap((e) => [...typesOf(e.name)])),
    };
    const plan = new GitHubRole(this, 'plan', {
      name: deliveryNames.planRole(project),
      description: `cdktf diff from pull requests of ${delivery.github.owner}/${delivery.github.repository}: read-only`,
      providerArn: provider.arn,
      subject: githubSubject(delivery.github, 'pull_request'),
      boundaryName: deliveryNames.planBoundary(project),
      boundaryStatements: withConstructPath(this, () => planBoundaryStatements(planPermissions)),
      statements: planRoleStatements(planPermissions),
      boundarySource: 'lib/constructs/bootstrap-plan-policy.ts',
      statementSource: (chunk) => permissionSourcesOf(chunk, planPermissions.resourceTypes, extraPermissions),
      referenceLengths,
    });
    const sizes: PolicySize[] = [...plan.sizes];

    const deployRoleArns: Record<string, string> = {};
    const environmentBoundaryArns: Record<string, string> = {};
    for (const environment of target.environments) {
      const permissions = {
        ...statePermissions,
        environment: environment.name,
        resourceTypes: typesOf(environment.name),
      };
      const statements = deployRoleStatements(permissions);
      const withoutResource = (s: { Sid: string }) => DEPLOY_ROLE_POLICY_SIDS_WITHOUT_RESOURCE.includes(s.Sid);
      const branch = environments[environment.name]?.branch;
      if (!branch) throw new Error(`BootstrapStack: no delivery settings for environment ${environment.name}`);
      // The ceiling of every role the environment's stacks create: here, where only an administrator can change it.
      const boundaryProps = {
        namePrefix: `${project}-${environment.name}`,
        project,
        environmentName: environment.name,
        accountId,
        region,
        path: DELIVERY_IAM_PATH,
      };
      const boundary = new PermissionsBoundary(this, `boundary-${environment.name}`, boundaryProps);
      environmentBoundaryArns[environment.name] = boundary.policy.arn;
      sizes.push({
        name: deliveryNames.environmentBoundary(project, environment.name),
        size: policySize(policyDocument(permissionsBoundaryStatements(boundaryProps)), referenceLengths),
        limit: IAM_POLICY_LIMITS.managed,
        source: 'lib/constructs/permissions-boundary.ts',
      });
      const deploy = new GitHubRole(this, `deploy-${environment.name}`, {
        name: deliveryNames.deployRole(project, environment.name),
        description: `cdktf deploy of ${environment.name} from the GitHub environment ${environment.name} on ${branch}`,
        providerArn: provider.arn,
        subject: githubSubject(delivery.github, { environment: environment.name, branch }),
        boundaryName: deliveryNames.deployBoundary(project, environment.name),
        boundaryStatements: deployBoundaryStatements(permissions),
        statements: statements.filter((s) => !withoutResource(s)),
        maxSessionSeconds: DEPLOY_SESSION_SECONDS,
        boundarySource: 'lib/constructs/bootstrap-deploy-policy.ts',
        statementSource: (chunk) => permissionSourcesOf(chunk, permissions.resourceTypes, extraPermissions),
        referenceLengths,
      });
      // Its own inline policy, so the guardrail exception below covers this one statement and nothing else.
      const createKeyPolicy = policyDocument(statements.filter(withoutResource));
      const createKey = new IamRolePolicy(deploy, 'create-key', {
        name: 'create-environment-key',
        role: deploy.role.name,
        policy: createKeyPolicy,
      });
      sizes.push(...deploy.sizes, {
        name: `${deliveryNames.deployRole(project, environment.name)}/create-environment-key`,
        size: policySize(createKeyPolicy, referenceLengths),
        limit: IAM_POLICY_LIMITS.inlinePerRole,
        source: permissionSourcesOf(statements.filter(withoutResource), permissions.resourceTypes, extraPermissions),
      });
      const noResource =
        'kms:CreateKey, and the kms:TagResource KMS checks for its tags, name no resource (the key does not exist yet), so only "*" can grant them';
      suppressGuardrail(createKey, 'IamNoWildcardResources', `${noResource}; it needs this environment's request tags`);
      suppressGuardrail(
        deploy.boundary,
        'IamNoWildcardResources',
        `${noResource}; the role's policy limits it by tags`,
      );
      suppressGuardrail(
        deploy.boundary,
        'IamNoWildcardActions',
        "a boundary is a ceiling: it allows the services in use on this account's resources and denies the escape routes by name, while the role's own policies list exact actions (docs/pipeline-policies.md)",
      );
      deployRoleArns[environment.name] = deploy.role.arn;
    }

    assertPolicySizes(sizes);
    this.policySizes = sizes;

    this.outputs = {
      stateBucketName: state.bucket.bucket,
      stateKeyArn: state.key.arn,
      oidcProviderArn: provider.arn,
      planRoleArn: plan.role.arn,
      deployRoleArns,
      environmentBoundaryArns,
    };
    publishOutputs(this, this.outputs, {
      stateBucketName: { description: "Terraform state bucket: set it as stateBucket of this account's environments" },
      stateKeyArn: { description: 'KMS key encrypting the state' },
      oidcProviderArn: { description: "GitHub Actions' OIDC provider" },
      planRoleArn: { description: 'Read-only role of the pull-request diff jobs' },
      deployRoleArns: { description: 'Deploy role of each environment' },
      environmentBoundaryArns: { description: "Permissions boundary of each environment's roles" },
    });
  }
}

/**
 * Builds the bootstrap stack of one account: the account of the first requested environment (of the first
 * environment when none is requested). It covers every environment of that account, requested or not, because
 * the account's roles all live in one state. Bootstrap each account with `npm run bootstrap -- <env>`.
 */
export function buildBootstrap(
  scope: Construct,
  project: ProjectInput,
  delivery: DeliveryInput,
  requested: readonly string[] = [],
  extraPermissions?: PermissionTable,
): BootstrapStack {
  const sample = sampleRepositoryProblem(delivery);
  if (sample) throw new ConfigError([sample], DELIVERY_FILE);
  const config = validateProject(project);
  const settings = validateDelivery(delivery);
  const environments = environmentDelivery(config, settings);
  const targets = bootstrapTargets(config);
  const first = selectEnvironments(config, requested)[0];
  const target = targets.find((t) => t.accountId === first?.accountId);
  if (!target)
    throw new Error('buildBootstrap: no environment to bootstrap (the config validation should have said so)');
  const resourceTypes = Object.fromEntries(
    target.environments.map((environment) => [environment.name, resourceTypesOf(config.name, environment)]),
  );
  return new BootstrapStack(scope, {
    project: config.name,
    target,
    delivery: settings,
    environments,
    resourceTypes,
    extraPermissions,
  });
}

/**
 * The Terraform resource types one environment's stacks create, found by building them in an app of their own
 * (never synthesized): the deploy role needs exactly their permissions, whichever environments synth was asked for.
 * Throws PermissionsTableError naming any type the permissions table lacks.
 */
export function resourceTypesOf(project: string, environment: EnvironmentConfig): ReadonlySet<string> {
  const scratch = new App({ skipValidation: true });
  const stacks = buildEnvironment(scratch, { project, environment });
  return resourceTypesIn(Object.values(stacks));
}
