import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { stateKeyAliasArn } from './config/delivery';
import type { EnvironmentConfig } from './config/types';
import { declareEnvironment } from './guardrails/environment';

/** AWS provider versions Terraform may install for every stack. */
export const AWS_PROVIDER_VERSION = '>= 6.28.0, < 7.0.0';

/** Oldest Terraform CLI the stacks work with: S3 native state locking (`use_lockfile`) arrived in 1.10. */
export const MINIMUM_TERRAFORM_VERSION = '1.10.0';

/** Props every per-environment stack takes. */
export interface EnvironmentStackProps {
  /** Project name from the config; prefixes resource names. */
  readonly project: string;
  /** The validated environment this stack belongs to. */
  readonly environment: EnvironmentConfig;
}

/** Where a stack keeps its state and which account and region it may touch. */
export interface StackSettings {
  readonly project: string;
  /** Stack id, also the state key and the Stack tag. */
  readonly stackId: string;
  /** Value of the Environment tag. */
  readonly environmentName: string;
  readonly accountId: string;
  readonly region: string;
  /** S3 bucket holding the state; unset keeps cdktf's local state file. */
  readonly stateBucket?: string;
}

/**
 * Gives a stack its AWS provider (pinned to one account, default tags on every resource) and its backend:
 * local state by default, or S3 with encryption, a per-stack key and S3 native locking when a bucket is configured.
 */
export function configureStack(stack: TerraformStack, settings: StackSettings): AwsProvider {
  const provider = new AwsProvider(stack, 'aws', {
    region: settings.region,
    allowedAccountIds: [settings.accountId],
    defaultTags: [
      {
        tags: {
          Project: settings.project,
          Environment: settings.environmentName,
          Stack: settings.stackId,
          ManagedBy: 'cdktf',
        },
      },
    ],
  });
  // lambda_permission.invoked_via_function_url (required for public function URLs since October 2025) arrived in
  // AWS provider 6.28.0 (its CHANGELOG, #44858); the pinned bindings are generated from 6.25, so raise the
  // constraint Terraform installs.
  stack.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_VERSION);
  stack.addOverride('terraform.required_version', `>= ${MINIMUM_TERRAFORM_VERSION}`);
  if (settings.stateBucket) {
    const backend = new S3Backend(stack, {
      bucket: settings.stateBucket,
      key: `${settings.project}/${settings.stackId}.tfstate`,
      region: settings.region,
      encrypt: true,
      // The bootstrap's state key: its bucket policy refuses uploads without SSE-KMS.
      kmsKeyId: stateKeyAliasArn(settings.project, settings.accountId, settings.region),
    });
    // S3 native locking (Terraform >= 1.10); cdktf 0.21's typed config predates the argument.
    backend.addOverride('use_lockfile', true);
  }
  return provider;
}

/** Base class of every `<env>-<layer>` stack. */
export abstract class EnvironmentStack extends TerraformStack {
  readonly project: string;
  readonly environment: EnvironmentConfig;
  /** Prefix for resource names in this environment: `<project>-<env>`. */
  readonly namePrefix: string;

  protected constructor(scope: Construct, layer: string, props: EnvironmentStackProps) {
    const stackId = `${props.environment.name}-${layer}`;
    super(scope, stackId);
    this.project = props.project;
    this.environment = props.environment;
    this.namePrefix = `${props.project}-${props.environment.name}`;
    configureStack(this, {
      project: props.project,
      stackId,
      environmentName: props.environment.name,
      accountId: props.environment.accountId,
      region: props.environment.region,
      stateBucket: props.environment.stateBucket,
    });
    // Terraform JSON does not say which environments are production; rules that hold production to more read this.
    declareEnvironment(this, { name: props.environment.name, production: props.environment.production });
  }
}

/** How one typed output is published as a Terraform output. */
export interface OutputSpec {
  readonly description: string;
  /** Hide the value in CLI output and logs. @default false */
  readonly sensitive?: boolean;
}

/**
 * Publishes every member of a stack's typed outputs as a TerraformOutput with a description,
 * so `cdktf deploy --outputs-file` and the CLIs see the same names as the code. Unset optional members
 * (a feature the environment switched off) publish nothing.
 */
export function publishOutputs<T extends object>(
  stack: TerraformStack,
  outputs: T,
  specs: { readonly [K in keyof T]: OutputSpec },
): void {
  for (const key of Object.keys(specs) as (keyof T & string)[]) {
    const spec = specs[key];
    if (outputs[key] === undefined) continue;
    new TerraformOutput(stack, key, {
      value: outputs[key],
      description: spec.description,
      sensitive: spec.sensitive ?? false,
    });
  }
}
