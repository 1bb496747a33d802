import { join } from 'node:path';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  type BootstrapTarget,
  bootstrapTargets,
  type DeliveryConfig,
  type DeliveryInput,
  deliveryNames,
  stateKeyAliasArn,
  validateDelivery,
} from '../config/delivery';
import { type ProjectInput, selectEnvironments, validateProject } from '../config/validate';
import {
  createEnvironmentKeyStatement,
  deployBoundaryStatements,
  deployRoleStatements,
} from './constructs/bootstrap-deploy-policy';
import { planBoundaryStatements, planRoleStatements } from './constructs/bootstrap-plan-policy';
import { GitHubOidcProvider, githubSubject } from './constructs/github-oidc';
import { GitHubRole } from './constructs/github-role';
import { policyDocument } from './constructs/policy-document';
import { StateBucket } from './constructs/state-bucket';
import { configureStack, publishOutputs } from './environment-stack';
import { suppressGuardrail } from './guardrails';

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
}

/**
 * `bootstrap`: what an account needs before the pipeline can deploy into it, deployed once by hand with
 * administrator credentials: the state bucket and its key, GitHub's OIDC provider, one deploy role per
 * environment (trusting only that repository's jobs bound to that GitHub environment) and the plan role
 * (trusting only its pull-request jobs).
 */
export class BootstrapStack extends TerraformStack {
  readonly outputs: BootstrapOutputs;

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, BOOTSTRAP_STACK_ID);
    const { project, target, delivery } = props;
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
    const statePermissions = {
      project,
      accountId,
      region,
      stateBucketArn: state.bucket.arn,
      stateKeyArn: state.key.arn,
    };

    const plan = new GitHubRole(this, 'plan', {
      name: deliveryNames.planRole(project),
      description: `cdktf diff from pull requests of ${delivery.github.owner}/${delivery.github.repository}: read-only`,
      providerArn: provider.arn,
      subject: githubSubject(delivery.github, 'pull_request'),
      boundaryName: deliveryNames.planBoundary(project),
      boundaryStatements: planBoundaryStatements(statePermissions),
      statements: planRoleStatements(statePermissions),
    });

    const deployRoleArns: Record<string, string> = {};
    for (const environment of target.environments) {
      const permissions = { ...statePermissions, environment: environment.name };
      const deploy = new GitHubRole(this, `deploy-${environment.name}`, {
        name: deliveryNames.deployRole(project, environment.name),
        description: `cdktf deploy of ${environment.name} from the GitHub environment ${environment.name}`,
        providerArn: provider.arn,
        subject: githubSubject(delivery.github, { environment: environment.name }),
        boundaryName: deliveryNames.deployBoundary(project, environment.name),
        boundaryStatements: deployBoundaryStatements(permissions),
        statements: deployRoleStatements(permissions),
        maxSessionSeconds: DEPLOY_SESSION_SECONDS,
      });
      // Its own inline policy, so the guardrail exception below covers this one statement and nothing else.
      const createKey = new IamRolePolicy(deploy, 'create-key', {
        name: 'create-environment-key',
        role: deploy.role.name,
        policy: policyDocument([createEnvironmentKeyStatement(permissions)]),
      });
      const noResource = 'kms:CreateKey names no resource (the key does not exist yet), so only "*" can grant it';
      suppressGuardrail(createKey, 'IamNoWildcardResources', `${noResource}; it needs this environment's request tags`);
      suppressGuardrail(
        deploy.boundary,
        'IamNoWildcardResources',
        `${noResource}; the role's policy limits it by tags`,
      );
      deployRoleArns[environment.name] = deploy.role.arn;
    }

    this.outputs = {
      stateBucketName: state.bucket.bucket,
      stateKeyArn: state.key.arn,
      oidcProviderArn: provider.arn,
      planRoleArn: plan.role.arn,
      deployRoleArns,
    };
    publishOutputs(this, this.outputs, {
      stateBucketName: { description: "Terraform state bucket: set it as stateBucket of this account's environments" },
      stateKeyArn: { description: 'KMS key encrypting the state' },
      oidcProviderArn: { description: "GitHub Actions' OIDC provider" },
      planRoleArn: { description: 'Read-only role of the pull-request diff jobs' },
      deployRoleArns: { description: 'Deploy role of each environment' },
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
): BootstrapStack {
  const config = validateProject(project);
  const settings = validateDelivery(delivery);
  const targets = bootstrapTargets(config);
  const first = selectEnvironments(config, requested)[0];
  const target = targets.find((t) => t.accountId === first?.accountId);
  if (!target)
    throw new Error('buildBootstrap: no environment to bootstrap (the config validation should have said so)');
  return new BootstrapStack(scope, { project: config.name, target, delivery: settings });
}
