// The shape of the deploy-permissions table: one entry per Terraform resource (or `data.` source) type, saying what
// IAM actions its create, read, update, delete and tag steps need and on which resources, plus the dependent
// statements it brings (passing a role, using the environment key through a service, a service-linked role...).

import { arnPrefix } from '../config/regions';
import type { PolicyConditions, PolicyStatement } from '../constructs/policy-document';

/** What an entry's resource patterns are built from: one environment, or (for the plan role) all of them. */
export interface PermissionScope {
  readonly project: string;
  /** Environment name; `*` for the plan role, which reads every environment of its account. */
  readonly environment: string;
  /** `<project>-<env>` (`<project>-*` for the plan role): the prefix of the environment's resource names. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
}

/** The permissions one Terraform resource type needs. */
export interface ResourcePermissions {
  /**
   * Statement id of the actions below. Entries of one service whose resources are the same share it, so their
   * actions land in one statement.
   */
  readonly sid: string;
  /** ARN patterns the lifecycle actions apply to. */
  readonly resources: (scope: PermissionScope) => readonly string[];
  /** Condition of that statement (e.g. the environment's resource tags). @default none */
  readonly condition?: (scope: PermissionScope) => PolicyConditions;
  readonly create?: readonly string[];
  /** What `terraform plan` calls to refresh it; the plan role gets these too. */
  readonly read?: readonly string[];
  readonly update?: readonly string[];
  readonly delete?: readonly string[];
  readonly tag?: readonly string[];
  /** Read calls without resource-level permissions (Describe, List), granted on `*` to both roles. @default none */
  readonly readWithoutResource?: readonly string[];
  /** Further statements the deploy role needs for this type. @default none */
  readonly dependents?: (scope: PermissionScope) => readonly PolicyStatement[];
  /** Further statements the plan role needs to refresh this type (e.g. decrypting what it reads). @default none */
  readonly planDependents?: (scope: PermissionScope) => readonly PolicyStatement[];
}

/** The entries of one file: Terraform type (`aws_sqs_queue`, `data.aws_availability_zones`) to its permissions. */
export type PermissionTable = Readonly<Record<string, ResourcePermissions>>;

/** ARN of a regional resource of the scope's account. */
export function regional(scope: PermissionScope, service: string, resource: string): string {
  return `${arnPrefix(scope.region)}:${service}:${scope.region}:${scope.accountId}:${resource}`;
}

/** The Project and Environment tags the provider's default tags put on every resource of the environment. */
export function environmentTags(scope: PermissionScope, key: 'aws:ResourceTag' | 'aws:RequestTag'): PolicyConditions {
  const tags: Record<string, string> = { [`${key}/Project`]: scope.project };
  if (scope.environment !== '*') tags[`${key}/Environment`] = scope.environment;
  return { StringEquals: tags };
}

/** Using the environment key through one AWS service on behalf of the caller (encrypting what that service stores). */
export function keyUseThrough(scope: PermissionScope, service: string, actions: readonly string[]): PolicyStatement {
  const tags = environmentTags(scope, 'aws:ResourceTag').StringEquals ?? {};
  return {
    Sid: 'UseEnvironmentKeyThroughServices',
    Action: actions,
    Resource: regional(scope, 'kms', 'key/*'),
    Condition: { StringEquals: { ...tags, 'kms:ViaService': [`${service}.${scope.region}.amazonaws.com`] } },
  };
}

/** Passing the environment's roles to one service (the roles trust that service only). */
export function passRoleTo(scope: PermissionScope, service: string): PolicyStatement {
  return {
    Sid: 'PassEnvironmentRolesToTheirServices',
    Action: ['iam:PassRole'],
    Resource: `${arnPrefix(scope.region)}:iam::${scope.accountId}:role/${scope.namePrefix}-*`,
    Condition: { StringEquals: { 'iam:PassedToService': [`${service}.amazonaws.com`] } },
  };
}
