// The delivery settings' types, defaults and validation, and the names the bootstrap stack and the workflows share.
// The settings themselves are config/delivery.ts.

import { type KeyTable, unknownKeyProblems } from './known-keys';
import { arnPrefix } from './regions';
import type { EnvironmentConfig, ProjectConfig } from './types';
import { ConfigError } from './validate';

/** The file the delivery settings live in: ConfigErrors about them name it in their header. */
export const DELIVERY_FILE = 'config/delivery.ts';

/** The two `sub` claim formats GitHub issues for a workflow job. */
export const SUBJECT_FORMATS = ['name', 'immutable-id'] as const;
export type SubjectFormat = (typeof SUBJECT_FORMATS)[number];

/** What a user writes under `github`: GitHubSettings with the subject format optional. */
export type GitHubInput = Omit<GitHubSettings, 'subjectFormat'> & { readonly subjectFormat?: SubjectFormat };

/**
 * The subject format when none is set: GitHub's default for every repository created, renamed or transferred on
 * github.com since 15 July 2026, which is what a fork or copy of this template made today is.
 */
export const DEFAULT_SUBJECT_FORMAT: SubjectFormat = 'immutable-id';

/** The repository whose workflows may assume the pipeline roles. */
export interface GitHubSettings {
  /** User or organization that owns the repository, spelled exactly as on GitHub (the claim is case-sensitive). */
  readonly owner: string;
  /** Repository name, spelled exactly as on GitHub. */
  readonly repository: string;
  /**
   * `name`: `repo:OWNER/REPO:...`; `immutable-id`: `repo:OWNER@OWNER_ID/REPO@REPO_ID:...`, the default for
   * repositories created or renamed since 15 July 2026 (and any repository that opted in).
   */
  readonly subjectFormat: SubjectFormat;
  /** Numeric id of the owner; required with `immutable-id`. */
  readonly ownerId?: string;
  /** Numeric id of the repository; required with `immutable-id`. */
  readonly repositoryId?: string;
}

/** Settings of the bootstrap stack of each account. */
export interface BootstrapSettings {
  /** Days a replaced or deleted state version is kept before S3 expires it (1 to 3650). */
  readonly noncurrentVersionDays: number;
  /** Noncurrent versions always kept whatever their age (0 to 100). */
  readonly noncurrentVersionsKept: number;
  /** Existing bucket receiving the state bucket's S3 server access logs; unset turns access logging off. */
  readonly accessLogBucket?: string;
  /** Create GitHub's OIDC provider; false uses the one the account already has (an account can hold only one). */
  readonly createOidcProvider: boolean;
  /**
   * Keep the bootstrap stack's own state in the bucket it creates. Leave false for the first deploy of every
   * account (the bucket does not exist yet), then set true and run `npm run bootstrap -- <env> --migrate-state`.
   */
  readonly remoteState: boolean;
}

/** Who must approve a deploy of an environment before its job starts (GitHub required reviewers). */
export interface Reviewers {
  /** GitHub logins. @default [] */
  readonly users?: readonly string[];
  /** Team slugs of the owner organization (the part after `orgs/OWNER/teams/`). @default [] */
  readonly teams?: readonly string[];
}

/** GitHub side of one environment. */
export interface EnvironmentDeliveryInput {
  /** The only branch whose jobs may assume the environment's deploy role. @default 'main' */
  readonly branch?: string;
  /** Required reviewers; mandatory (at least one) for production environments. @default none */
  readonly reviewers?: Reviewers;
}

/** An environment's GitHub side, validated, with defaults applied. */
export interface EnvironmentDelivery {
  readonly branch: string;
  readonly reviewers: { readonly users: readonly string[]; readonly teams: readonly string[] };
}

/** What a user writes in `deliveryConfig`. */
export interface DeliveryInput {
  readonly github: GitHubInput;
  readonly bootstrap?: Partial<BootstrapSettings>;
  /** Branch and reviewers by environment name; environments not listed deploy from `main` without reviewers. */
  readonly environments?: Readonly<Record<string, EnvironmentDeliveryInput>>;
}

/** The validated delivery settings with defaults applied. */
export interface DeliveryConfig {
  readonly github: GitHubSettings;
  readonly bootstrap: BootstrapSettings;
  readonly environments: Readonly<Record<string, EnvironmentDeliveryInput>>;
}

/** One bootstrap stack: an AWS account and the environments deployed into it. */
export interface BootstrapTarget {
  readonly accountId: string;
  /** Region of the state bucket and of every environment in the account. */
  readonly region: string;
  /** Name of the state bucket: the environments' `stateBucket`, or `defaultStateBucket()` when none is set. */
  readonly stateBucket: string;
  /** The account's environments, in config order. */
  readonly environments: readonly EnvironmentConfig[];
}

const DEFAULT_BOOTSTRAP: BootstrapSettings = {
  noncurrentVersionDays: 90,
  noncurrentVersionsKept: 10,
  createOidcProvider: true,
  remoteState: false,
};

/** Which keys `deliveryConfig` may use: a misspelled one (`brnach`) would otherwise be dropped silently. */
const DELIVERY_KEYS: KeyTable<Omit<DeliveryInput, 'environments'>> & { readonly environments: true } = {
  github: { owner: true, repository: true, subjectFormat: true, ownerId: true, repositoryId: true },
  bootstrap: {
    noncurrentVersionDays: true,
    noncurrentVersionsKept: true,
    accessLogBucket: true,
    createOidcProvider: true,
    remoteState: true,
  },
  // A map by environment name: each entry's keys are checked against ENVIRONMENT_DELIVERY_KEYS.
  environments: true,
};
const ENVIRONMENT_DELIVERY_KEYS: KeyTable<EnvironmentDeliveryInput> = {
  branch: true,
  reviewers: { users: true, teams: true },
};

// GitHub: 1-39 alphanumerics or single inner dashes; repository names: letters, digits, '.', '_', '-'.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPOSITORY = /^(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
const NUMERIC_ID = /^[1-9]\d{0,19}$/;
// Team slugs: lowercase letters, digits, '-' and '_'.
const TEAM_SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/;
/** The branch every environment deploys from unless its delivery settings name another. */
export const DEFAULT_BRANCH = 'main';
/** The sample repository config/delivery.ts ships with: anyone could create it and take the roles. */
export const SAMPLE_REPOSITORY = { owner: 'acme', repository: 'secure-serverless-cdktf' } as const;
const BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Environment names the bootstrap stack keeps for itself (its Environment tag). */
const RESERVED_ENVIRONMENT_NAMES = ['bootstrap'];

/** Validates the delivery settings and applies defaults; throws ConfigError listing every problem. */
export function validateDelivery(input: DeliveryInput): DeliveryConfig {
  const at = (field: string) => `delivery ${field}`;
  const problems: string[] = unknownKeyProblems(input, DELIVERY_KEYS, at);
  for (const [name, settings] of Object.entries(input.environments ?? {})) {
    problems.push(
      ...unknownKeyProblems(settings, ENVIRONMENT_DELIVERY_KEYS, (field) => at(`environments.${name}.${field}`)),
    );
  }
  const github: GitHubSettings = { subjectFormat: DEFAULT_SUBJECT_FORMAT, ...(input.github ?? ({} as GitHubInput)) };

  if (typeof github.owner !== 'string' || !OWNER.test(github.owner)) {
    problems.push(
      `${at('github.owner')} "${github.owner ?? ''}" is not a GitHub user or organization name (use e.g. "acme")`,
    );
  }
  if (typeof github.repository !== 'string' || !REPOSITORY.test(github.repository)) {
    problems.push(
      `${at('github.repository')} "${github.repository ?? ''}" is not a repository name (use the name without the owner, e.g. "infra")`,
    );
  }
  if (!SUBJECT_FORMATS.includes(github.subjectFormat)) {
    problems.push(
      `${at('github.subjectFormat')} "${github.subjectFormat ?? ''}" must be one of ${SUBJECT_FORMATS.join(', ')}`,
    );
  }
  for (const field of ['ownerId', 'repositoryId'] as const) {
    const value = github[field];
    if (github.subjectFormat === 'immutable-id' && value === undefined) {
      problems.push(
        `${at(`github.${field}`)} is required with subjectFormat "immutable-id"${input.github?.subjectFormat === undefined ? ' (the default: GitHub gives repositories created or renamed since 15 July 2026 id-based subjects)' : ''} (find it with \`gh api repos/OWNER/REPO --jq '.owner.id, .id'\`; an older repository that has not opted in sets subjectFormat: "name")`,
      );
    } else if (value !== undefined && (typeof value !== 'string' || !NUMERIC_ID.test(value))) {
      problems.push(`${at(`github.${field}`)} "${String(value)}" must be GitHub's numeric id, as a string`);
    }
  }

  const bootstrap = { ...DEFAULT_BOOTSTRAP, ...input.bootstrap } as BootstrapSettings;
  const checkInteger = (field: keyof BootstrapSettings, min: number, max: number) => {
    const value = bootstrap[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${at(`bootstrap.${field}`)} ${String(value)} must be a whole number from ${min} to ${max}`);
    }
  };
  checkInteger('noncurrentVersionDays', 1, 3650);
  checkInteger('noncurrentVersionsKept', 0, 100);
  if (bootstrap.accessLogBucket !== undefined && !BUCKET.test(bootstrap.accessLogBucket)) {
    problems.push(
      `${at('bootstrap.accessLogBucket')} "${bootstrap.accessLogBucket}" is not a valid S3 bucket name (or remove it to turn access logging off)`,
    );
  }
  for (const field of ['createOidcProvider', 'remoteState'] as const) {
    if (typeof bootstrap[field] !== 'boolean') {
      problems.push(`${at(`bootstrap.${field}`)} must be true or false`);
    }
  }

  const environments = input.environments ?? {};
  for (const [name, settings] of Object.entries(environments)) {
    const field = (key: string) => at(`environments.${name}.${key}`);
    if (settings.branch !== undefined && branchProblem(settings.branch)) {
      problems.push(`${field('branch')} "${settings.branch}" ${branchProblem(settings.branch)} (use e.g. "main")`);
    }
    for (const user of settings.reviewers?.users ?? []) {
      if (!OWNER.test(user)) problems.push(`${field('reviewers.users')} "${user}" is not a GitHub login`);
    }
    for (const team of settings.reviewers?.teams ?? []) {
      if (!TEAM_SLUG.test(team)) {
        problems.push(`${field('reviewers.teams')} "${team}" is not a team slug (lowercase, e.g. "platform-team")`);
      }
    }
  }

  if (problems.length > 0) throw new ConfigError(problems, DELIVERY_FILE);
  return { github: { ...github }, bootstrap, environments };
}

/**
 * Why `branch` is not a name GitHub accepts for a branch (git check-ref-format, as a branch), or undefined when it
 * is one. The name ends up in an OIDC `sub` claim and an exact trust-policy match, so it must be exact.
 */
export function branchProblem(branch: string): string | undefined {
  if (branch.length === 0 || branch.length > 255) return 'must be 1 to 255 characters';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(branch)) {
    return 'contains a character git refuses in a branch name (space, ~ ^ : ? * [ \\ or a control character)';
  }
  if (branch.startsWith('-') || branch === '@' || branch.includes('@{')) return 'is not a valid branch name';
  if (branch.includes('..') || branch.includes('//') || branch.startsWith('/') || branch.endsWith('/')) {
    return 'has an empty or ".." path component';
  }
  if (branch.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock')) || branch.endsWith('.')) {
    return 'has a component starting with "." or ending with ".lock" or "."';
  }
  if (branch.startsWith('refs/')) return 'must be the short name, without refs/heads/';
  return undefined;
}

/**
 * Each environment's GitHub side (branch, reviewers) with defaults applied. Throws ConfigError when delivery
 * settings name an environment the project does not have, or a production environment has no reviewer.
 */
export function environmentDelivery(
  project: ProjectConfig,
  delivery: DeliveryConfig,
): Readonly<Record<string, EnvironmentDelivery>> {
  const problems: string[] = [];
  const names = project.environments.map((e) => e.name);
  for (const name of Object.keys(delivery.environments)) {
    if (!names.includes(name)) {
      problems.push(
        `delivery environments.${name}: no environment "${name}" in the project (have ${names.join(', ')})`,
      );
    }
  }
  const result: Record<string, EnvironmentDelivery> = {};
  for (const environment of project.environments) {
    const settings = delivery.environments[environment.name] ?? {};
    const reviewers = { users: [...(settings.reviewers?.users ?? [])], teams: [...(settings.reviewers?.teams ?? [])] };
    if (environment.production && reviewers.users.length + reviewers.teams.length === 0) {
      problems.push(
        `delivery environments.${environment.name}.reviewers is empty, but ${environment.name} is a production environment: list at least one GitHub login (users) or team slug (teams) who approves its deploys`,
      );
    }
    result[environment.name] = { branch: settings.branch ?? DEFAULT_BRANCH, reviewers };
  }
  if (problems.length > 0) throw new ConfigError(problems, DELIVERY_FILE);
  return result;
}

/**
 * The one line that stops a bootstrap while the delivery settings still name the sample repository, or undefined.
 * Anyone could create that repository on GitHub and its workflows would then assume the pipeline roles.
 */
export function sampleRepositoryProblem(delivery: DeliveryInput): string | undefined {
  const { owner, repository } = delivery.github ?? {};
  if (owner?.toLowerCase() !== SAMPLE_REPOSITORY.owner || repository?.toLowerCase() !== SAMPLE_REPOSITORY.repository) {
    return undefined;
  }
  return `config/delivery.ts still names the sample repository ${SAMPLE_REPOSITORY.owner}/${SAMPLE_REPOSITORY.repository}: set github.owner and github.repository to the repository that deploys this project`;
}

/** The state bucket name used when no environment of the account names one: `<project>-tfstate-<account>`. */
export function defaultStateBucket(project: string, accountId: string): string {
  return `${project}-tfstate-${accountId}`;
}

/**
 * Groups the environments by AWS account: one bootstrap stack each, in the order the accounts first appear.
 * Throws ConfigError when environments that share an account disagree on region or state bucket, or when one
 * environment name extends another with a dash (IAM patterns like `<project>-dev-*` would also match `dev-eu`).
 */
export function bootstrapTargets(project: ProjectConfig): BootstrapTarget[] {
  const problems: string[] = [];
  const byAccount = new Map<string, EnvironmentConfig[]>();
  for (const environment of project.environments) {
    if (RESERVED_ENVIRONMENT_NAMES.includes(environment.name)) {
      problems.push(`environment name "${environment.name}" is reserved for the bootstrap stack; choose another name`);
    }
    byAccount.set(environment.accountId, [...(byAccount.get(environment.accountId) ?? []), environment]);
  }

  const targets: BootstrapTarget[] = [];
  for (const [accountId, environments] of byAccount) {
    const names = environments.map((e) => e.name).join(', ');
    const regions = [...new Set(environments.map((e) => e.region))];
    if (regions.length > 1) {
      problems.push(
        `environments ${names} share account ${accountId} but not a region (${regions.join(', ')}): the bootstrap keeps one state bucket per account, so give them one region or separate accounts`,
      );
    }
    const buckets = [...new Set(environments.map((e) => e.stateBucket))];
    if (buckets.length > 1) {
      problems.push(
        `environments ${names} share account ${accountId} but not a stateBucket (${buckets.map((b) => b ?? 'unset').join(', ')}): set the same stateBucket on all of them`,
      );
    }
    for (const a of environments) {
      for (const b of environments) {
        if (a !== b && b.name.startsWith(`${a.name}-`)) {
          problems.push(
            `environments "${a.name}" and "${b.name}" share account ${accountId} and "${b.name}" starts with "${a.name}-": IAM patterns like ${project.name}-${a.name}-* would let ${a.name}'s roles change ${b.name}; rename one of them`,
          );
        }
      }
    }
    targets.push({
      accountId,
      region: regions[0] ?? '',
      stateBucket: buckets[0] ?? defaultStateBucket(project.name, accountId),
      environments,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return targets;
}

/** IAM path of every role and policy the bootstrap stack creates; the deploy roles may not touch anything under it. */
export const DELIVERY_IAM_PATH = '/delivery/';

/** Names of what the bootstrap stack creates; the workflows derive the role ARNs from the same functions. */
export const deliveryNames = {
  /** Role GitHub Actions assumes to deploy one environment. */
  deployRole: (project: string, environment: string) => `${project}-${environment}-deploy`,
  /** Permissions boundary of that role. */
  deployBoundary: (project: string, environment: string) => `${project}-${environment}-deploy-boundary`,
  /** Permissions boundary every role the environment's stacks create must carry (owned by the bootstrap stack). */
  environmentBoundary: (project: string, environment: string) => `${project}-${environment}-boundary`,
  /** Read-only role pull requests assume to run `cdktf diff` (one per account). */
  planRole: (project: string) => `${project}-plan`,
  /** Permissions boundary of the plan role. */
  planBoundary: (project: string) => `${project}-plan-boundary`,
  /** Alias of the state bucket's KMS key. */
  stateKeyAlias: (project: string) => `alias/${project}-tfstate`,
} as const;

/**
 * The state key by its alias ARN, for an S3 backend's `kms_key_id`. Without it Terraform uploads state with SSE-S3
 * (AES256), which the state bucket's policy refuses.
 */
export function stateKeyAliasArn(project: string, accountId: string, region: string): string {
  return `${arnPrefix(region)}:kms:${region}:${accountId}:${deliveryNames.stateKeyAlias(project)}`;
}

/**
 * ARN of the permissions boundary of an environment's roles. The bootstrap stack creates it under the delivery path,
 * which the deploy roles cannot touch, so the security stack and the deploy policy name it by this ARN.
 */
export function environmentBoundaryArn(
  accountId: string,
  project: string,
  environment: string,
  /** The environment's region: it picks the ARN partition. */
  region: string,
): string {
  return `${arnPrefix(region)}:iam::${accountId}:policy${DELIVERY_IAM_PATH}${deliveryNames.environmentBoundary(project, environment)}`;
}

/** ARN of a role the bootstrap stack creates in `accountId`; `region` picks the ARN partition. */
export function deliveryRoleArn(accountId: string, roleName: string, region: string): string {
  return `${arnPrefix(region)}:iam::${accountId}:role${DELIVERY_IAM_PATH}${roleName}`;
}
