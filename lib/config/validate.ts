import { ENVIRONMENT_KEYS, PROJECT_KEYS, unknownKeyProblems } from './known-keys';
import { REGION_AZ_COUNTS } from './regions';
import {
  type AlarmSettings,
  type ApiSettings,
  type BudgetSettings,
  type DatabaseSettings,
  DEDUPE_DAYS_RANGE,
  DEFAULT_WEBHOOK_SECRET_SOURCE,
  type EnvironmentConfig,
  type GithubHookTarget,
  type HumanTrust,
  LOG_RETENTION_DAYS,
  type ProjectConfig,
  REQUIRED_VPC_ENDPOINTS,
  type SecretsSettings,
  VPC_ENDPOINT_SERVICES,
  type VpcEndpointService,
  WEBHOOK_SCHEMES,
  WEBHOOK_SECRET_SOURCES,
  type WebhookDeliverySettings,
  type WebhookScheme,
  type WebhookSecretSource,
  type WebhookSettings,
} from './types';

type DeepPartial<T> = {
  -readonly [K in keyof T]?: T[K] extends readonly (infer U)[] ? readonly U[] : DeepPartial<T[K]>;
};

/** What a user writes for one environment: the required identity and network fields, everything else optional. */
export type EnvironmentInput = Pick<EnvironmentConfig, 'accountId' | 'region' | 'cidr'> &
  DeepPartial<Omit<EnvironmentConfig, 'name' | 'accountId' | 'region' | 'cidr'>>;

/** What a user writes for the whole project. */
export interface ProjectInput {
  readonly name: string;
  readonly environments: Readonly<Record<string, EnvironmentInput>>;
}

/** Thrown when the configuration is invalid; lists every problem, each naming its field and the fix. */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    /** The file to edit, named in the header. */
    readonly file = 'config/environments.ts',
  ) {
    super(`invalid configuration (${file}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Lowercase letters, digits and single dashes, starting with a letter and ending with a letter or digit. */
const NAME = /^[a-z](?:[a-z0-9]|-(?!-)){0,14}[a-z0-9]$/;
const PROJECT_NAME = /^[a-z](?:[a-z0-9]|-(?!-)){0,18}[a-z0-9]$/;
const ACCOUNT_ID = /^\d{12}$/;
const BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;
const DB_IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
/** PostgreSQL role names are at most 63 bytes, and rotation alternates with `<appUsername>_clone`. */
const APP_USERNAME_MAX = 63 - '_clone'.length;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HTTPS_URL = /^https:\/\/[^\s/?#]+\.[^\s/?#]+(\/\S*)?$/;
/** AWS Budgets takes at most 10 email subscribers per notification. */
const MAX_BUDGET_RECIPIENTS = 10;

/** The address (a 32-bit number, host bits included) and prefix length of `a.b.c.d/n`, or undefined. */
function readCidr(cidr: string): { address: number; prefix: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  return { address: octets.reduce((acc, o) => acc * 256 + o, 0), prefix };
}

/** `address` with its host bits cleared. */
const networkOf = (address: number, prefix: number) => address - (address % 2 ** (32 - prefix));

/** Parses `a.b.c.d/n`; returns the network as a 32-bit number and the prefix length, or undefined. */
export function parseCidr(cidr: string): { network: number; prefix: number } | undefined {
  const read = readCidr(cidr);
  if (!read || networkOf(read.address, read.prefix) !== read.address) return undefined;
  return { network: read.address, prefix: read.prefix };
}

/** Why `cidr` is not a usable network address (one line), or undefined when it is. */
export function cidrProblem(cidr: string): string | undefined {
  const read = readCidr(cidr);
  if (!read) return 'is not a valid IPv4 CIDR';
  const network = networkOf(read.address, read.prefix);
  if (network === read.address) return undefined;
  const dotted = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
  return `has host bits set: the network of that /${read.prefix} is ${dotted}/${read.prefix}`;
}

/** Days a production environment keeps its logs at least: checkov's CKV_AWS_338 (one year). */
export const PRODUCTION_MIN_LOG_RETENTION_DAYS = 365;

/**
 * How each check the scanner applies to production environments only (the `.checkov-skips.yaml` entries with
 * `production: false`) is already met at synth, so a production environment never first fails at `npm run scan`.
 * A test keeps this table and the skips file in step.
 */
export const PRODUCTION_RULES: Readonly<Record<string, string>> = {
  CKV_AWS_338: `logRetentionDays at least ${PRODUCTION_MIN_LOG_RETENTION_DAYS}: validated here, naming the field`,
  CKV_AWS_157: 'the database is Multi-AZ wherever production is true (stacks/secrets-stack.ts): no field to get wrong',
  CKV_AWS_293: 'the database has deletion protection wherever production is true (stacks/secrets-stack.ts)',
  CKV_AWS_28:
    'the webhook deliveries table keeps point-in-time recovery wherever production is true (EncryptedTable), and the DynamoDbTablePointInTimeRecovery guardrail stops synth otherwise',
};

const DEFAULT_WEBHOOK = {
  scheme: 'github',
  toleranceSeconds: 300,
  maxBodyBytes: 256 * 1024,
  reservedConcurrency: 10,
  previousSecretGraceHours: 24,
  operatorPrincipals: [],
  // Source identity by default: npm run webhook-secret sets it, and CloudTrail then names the person behind every
  // change to the secret. MFA is opt-in: Identity Center and SAML sessions (MFA at the identity provider) never
  // carry aws:MultiFactorAuthPresent, so requiring it by default would lock out the usual way people reach AWS.
  operatorTrust: { requireMfa: false, requireSourceIdentity: true },
} as const satisfies Omit<WebhookSettings, 'secretSource' | 'delivery'>;
const DEFAULT_DEDUPE_DAYS = 30;
const GITHUB_REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;
const DEFAULT_API: ApiSettings = {
  reservedConcurrency: 5,
  invokerTrustedPrincipals: [],
  invokerTrust: { requireMfa: false, requireSourceIdentity: false },
};
const DEFAULT_SECRETS: SecretsSettings = { rotationDays: 30, recoveryWindowDays: 7 };
const DEFAULT_DATABASE: DatabaseSettings = {
  enabled: false,
  instanceClass: 'db.t4g.micro',
  allocatedStorageGb: 20,
  engineVersion: '17',
  databaseName: 'app',
  appUsername: 'app_user',
};

function validateEnvironment(name: string, input: EnvironmentInput, problems: string[]): EnvironmentConfig {
  const at = (field: string) => `environment "${name}": ${field}`;
  const production = input.production ?? false;

  problems.push(...unknownKeyProblems(input, ENVIRONMENT_KEYS, at));
  if (!NAME.test(name)) {
    problems.push(
      `environment name "${name}" must be 2-16 lowercase letters, digits or single dashes, starting with a letter and not ending with a dash (e.g. "qa")`,
    );
  }
  if (typeof input.accountId !== 'string' || !ACCOUNT_ID.test(input.accountId)) {
    problems.push(`${at('accountId')} "${input.accountId ?? ''}" must be the 12-digit AWS account id, as a string`);
  }
  const regionAzs = typeof input.region === 'string' ? REGION_AZ_COUNTS[input.region] : undefined;
  if (regionAzs === undefined) {
    problems.push(
      `${at('region')} "${input.region ?? ''}" is not an AWS region this template knows (use e.g. eu-west-1; a new region goes into lib/config/regions.ts)`,
    );
  }

  const cidr = typeof input.cidr === 'string' ? parseCidr(input.cidr) : undefined;
  if (!cidr) {
    const why = typeof input.cidr === 'string' ? cidrProblem(input.cidr) : undefined;
    problems.push(`${at('cidr')} "${input.cidr ?? ''}" ${why ?? 'is not a valid IPv4 CIDR'} (use e.g. 10.20.0.0/16)`);
  } else if (cidr.prefix < 16 || cidr.prefix > 24) {
    problems.push(`${at('cidr')} "${input.cidr}" must be a /16 to /24 network (AWS VPC limits; use e.g. 10.20.0.0/16)`);
  }

  const azCount = input.azCount ?? 2;
  if (!Number.isInteger(azCount) || azCount < 2 || azCount > 6) {
    problems.push(
      `${at('azCount')} ${azCount} must be a whole number from 2 to 6 (isolated subnets span at least 2 AZs)`,
    );
  } else if (regionAzs !== undefined && azCount > regionAzs) {
    problems.push(
      `${at('azCount')} ${azCount} is more than the ${regionAzs} availability zones ${input.region} offers a new account (use at most ${regionAzs})`,
    );
  }

  const vpcEndpoints = [...(input.vpcEndpoints ?? REQUIRED_VPC_ENDPOINTS)] as VpcEndpointService[];
  for (const service of vpcEndpoints) {
    if (!VPC_ENDPOINT_SERVICES.includes(service)) {
      problems.push(
        `${at('vpcEndpoints')} has unknown service "${service}" (choose from ${VPC_ENDPOINT_SERVICES.join(', ')})`,
      );
    }
  }
  for (const service of REQUIRED_VPC_ENDPOINTS) {
    if (!vpcEndpoints.includes(service)) {
      problems.push(`${at('vpcEndpoints')} must include "${service}": the private functions have no other route to it`);
    }
  }
  if (new Set(vpcEndpoints).size !== vpcEndpoints.length) {
    problems.push(`${at('vpcEndpoints')} lists a service twice; list each once`);
  }

  const logRetentionDays = input.logRetentionDays ?? (production ? PRODUCTION_MIN_LOG_RETENTION_DAYS : 30);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    problems.push(
      `${at('logRetentionDays')} ${logRetentionDays} is not a CloudWatch retention (use one of ${LOG_RETENTION_DAYS.join(', ')})`,
    );
  } else if (production && logRetentionDays < PRODUCTION_MIN_LOG_RETENTION_DAYS) {
    problems.push(
      `${at('logRetentionDays')} ${logRetentionDays} is under a year, but a production environment keeps its logs at least ${PRODUCTION_MIN_LOG_RETENTION_DAYS} days (checkov CKV_AWS_338): set logRetentionDays: ${PRODUCTION_MIN_LOG_RETENTION_DAYS} or more, or remove the field to get ${PRODUCTION_MIN_LOG_RETENTION_DAYS}`,
    );
  }

  const keyDeletionWindowDays = input.keyDeletionWindowDays ?? (production ? 30 : 7);
  if (!Number.isInteger(keyDeletionWindowDays) || keyDeletionWindowDays < 7 || keyDeletionWindowDays > 30) {
    problems.push(`${at('keyDeletionWindowDays')} ${keyDeletionWindowDays} must be a whole number from 7 to 30`);
  } else if (production && keyDeletionWindowDays !== 30) {
    problems.push(`${at('keyDeletionWindowDays')} must be 30 in a production environment (remove the field to get 30)`);
  }

  if (input.stateBucket !== undefined && !BUCKET.test(input.stateBucket)) {
    problems.push(
      `${at('stateBucket')} "${input.stateBucket}" is not a valid S3 bucket name (3-63 lowercase letters, digits, dots, dashes)`,
    );
  }

  const webhook = validateWebhook(input.webhook, at, problems);

  const api = {
    ...DEFAULT_API,
    ...input.api,
    invokerTrust: validateHumanTrust(
      input.api?.invokerTrust,
      DEFAULT_API.invokerTrust,
      at('api.invokerTrust'),
      problems,
    ),
  } as ApiSettings;
  checkInteger(at('api.reservedConcurrency'), api.reservedConcurrency, 1, 1000, problems);
  for (const principal of api.invokerTrustedPrincipals) {
    if (!IAM_PRINCIPAL_ARN.test(principal)) {
      problems.push(
        `${at('api.invokerTrustedPrincipals')} "${principal}" is not an IAM role, user or account-root ARN (use e.g. arn:aws:iam::111111111111:role/ci)`,
      );
    }
  }
  if (api.signingKeyCiphertext !== undefined && !/^[A-Za-z0-9+/]{16,}={0,2}$/.test(api.signingKeyCiphertext)) {
    problems.push(
      `${at('api.signingKeyCiphertext')} is not a ciphertext (paste what npm run encrypt -- --env ${name} --function api prints)`,
    );
  }

  const secrets = { ...DEFAULT_SECRETS, ...input.secrets } as SecretsSettings;
  checkInteger(at('secrets.rotationDays'), secrets.rotationDays, 1, 1000, problems);
  if (secrets.recoveryWindowDays !== 0) {
    checkInteger(
      at('secrets.recoveryWindowDays'),
      secrets.recoveryWindowDays,
      7,
      30,
      problems,
      '0 (non-production only) or ',
    );
  } else if (production) {
    problems.push(
      `${at('secrets.recoveryWindowDays')} 0 deletes secrets at once and is not allowed in production (use 7 to 30)`,
    );
  }

  const database = { ...DEFAULT_DATABASE, ...input.database } as DatabaseSettings;
  checkInteger(at('database.allocatedStorageGb'), database.allocatedStorageGb, 20, 65536, problems);
  if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(database.instanceClass)) {
    problems.push(
      `${at('database.instanceClass')} "${database.instanceClass}" is not an RDS instance class (use e.g. db.t4g.micro)`,
    );
  }
  if (!/^\d{2}(\.\d+)?$/.test(database.engineVersion)) {
    problems.push(
      `${at('database.engineVersion')} "${database.engineVersion}" is not a PostgreSQL version (use e.g. "17")`,
    );
  }
  for (const field of ['databaseName', 'appUsername'] as const) {
    if (!DB_IDENTIFIER.test(database[field])) {
      problems.push(
        `${at(`database.${field}`)} "${database[field]}" must start with a letter and hold only a-z, 0-9 and _`,
      );
    }
  }
  if (database.appUsername.length > APP_USERNAME_MAX) {
    problems.push(
      `${at('database.appUsername')} "${database.appUsername}" is ${database.appUsername.length} characters; rotation also creates "${database.appUsername}_clone", and PostgreSQL names stop at 63, so use at most ${APP_USERNAME_MAX}`,
    );
  }

  const alarms = validateAlarms(at, production, input.alarms, problems);
  const budget = validateBudget(at, production, alarms, input.budget, problems);

  return {
    name,
    accountId: input.accountId,
    region: input.region,
    production,
    cidr: input.cidr,
    azCount,
    vpcEndpoints,
    logRetentionDays,
    keyDeletionWindowDays,
    stateBucket: input.stateBucket,
    webhook,
    api,
    secrets,
    database,
    alarms,
    budget,
  };
}

function validateEmails(field: string, emails: unknown, problems: string[]): readonly string[] {
  if (!Array.isArray(emails)) {
    problems.push(`${field} must be a list of email addresses (e.g. ['oncall@example.com'])`);
    return [];
  }
  for (const email of emails) {
    if (typeof email !== 'string' || !EMAIL.test(email)) {
      problems.push(`${field} "${String(email)}" is not an email address (use e.g. oncall@example.com)`);
    }
  }
  if (new Set(emails).size !== emails.length) problems.push(`${field} lists an address twice; list each once`);
  return emails as string[];
}

function validateAlarms(
  at: (field: string) => string,
  production: boolean,
  input: EnvironmentInput['alarms'],
  problems: string[],
): AlarmSettings {
  const emails = validateEmails(at('alarms.emails'), input?.emails ?? [], problems);
  if (production && emails.length === 0) {
    problems.push(
      `${at('alarms.emails')} is empty: a production environment must tell someone when it breaks (add e.g. alarms: { emails: ['oncall@example.com'] })`,
    );
  }
  const httpsEndpoint = input?.httpsEndpoint;
  if (httpsEndpoint !== undefined && (typeof httpsEndpoint !== 'string' || !HTTPS_URL.test(httpsEndpoint))) {
    problems.push(
      `${at('alarms.httpsEndpoint')} "${String(httpsEndpoint)}" must be an https:// URL (e.g. https://hooks.example.com/alarms); SNS sends alarms to it in clear otherwise`,
    );
  }
  return httpsEndpoint === undefined ? { emails } : { emails, httpsEndpoint };
}

function validateBudget(
  at: (field: string) => string,
  production: boolean,
  alarms: AlarmSettings,
  input: EnvironmentInput['budget'],
  problems: string[],
): BudgetSettings {
  const monthlyUsd = input?.monthlyUsd ?? (production ? 300 : 100);
  if (typeof monthlyUsd !== 'number' || !Number.isFinite(monthlyUsd) || monthlyUsd <= 0 || monthlyUsd > 1_000_000) {
    problems.push(`${at('budget.monthlyUsd')} ${String(monthlyUsd)} must be a number of US dollars above 0 (e.g. 100)`);
  } else if (Math.round(monthlyUsd * 100) !== monthlyUsd * 100) {
    problems.push(`${at('budget.monthlyUsd')} ${monthlyUsd} has more than two decimals (use whole cents, e.g. 99.50)`);
  }
  const recipients = validateEmails(at('budget.recipients'), input?.recipients ?? alarms.emails, problems);
  if (recipients.length > MAX_BUDGET_RECIPIENTS) {
    problems.push(
      `${at('budget.recipients')} lists ${recipients.length} addresses; AWS Budgets notifies at most ${MAX_BUDGET_RECIPIENTS} (use a mailing list)`,
    );
  }
  // Without explicit recipients the alarm emails are used, and an empty list of those is reported already.
  if (production && recipients.length === 0 && input?.recipients !== undefined) {
    problems.push(
      `${at('budget.recipients')} is empty: a production budget must alert someone (remove the field to use alarms.emails, or list addresses)`,
    );
  }
  return { monthlyUsd, recipients };
}

function validateWebhook(
  input: EnvironmentInput['webhook'],
  at: (field: string) => string,
  problems: string[],
): WebhookSettings {
  const { delivery: deliveryInput, ...rest } = input ?? {};
  const merged = { ...DEFAULT_WEBHOOK, ...rest };
  const scheme = merged.scheme as WebhookScheme;
  if (!WEBHOOK_SCHEMES.includes(scheme)) {
    problems.push(`${at('webhook.scheme')} "${scheme}" is not supported (choose from ${WEBHOOK_SCHEMES.join(', ')})`);
  }
  checkInteger(at('webhook.toleranceSeconds'), merged.toleranceSeconds, 1, 3600, problems);
  checkInteger(at('webhook.maxBodyBytes'), merged.maxBodyBytes, 1024, 6 * 1024 * 1024, problems);
  checkInteger(at('webhook.reservedConcurrency'), merged.reservedConcurrency, 1, 1000, problems);
  checkInteger(at('webhook.previousSecretGraceHours'), merged.previousSecretGraceHours, 0, 720, problems);

  const secretSource = (merged.secretSource ??
    DEFAULT_WEBHOOK_SECRET_SOURCE[scheme] ??
    'generated') as WebhookSecretSource;
  if (!WEBHOOK_SECRET_SOURCES.includes(secretSource)) {
    problems.push(
      `${at('webhook.secretSource')} "${secretSource}" is not one of ${WEBHOOK_SECRET_SOURCES.join(', ')} (generated: this template creates the value; provider-issued: the sender does)`,
    );
  }

  const operatorPrincipals = [...(merged.operatorPrincipals ?? [])] as string[];
  for (const principal of operatorPrincipals) {
    if (!IAM_PRINCIPAL_ARN.test(principal) || principal.endsWith(':root')) {
      problems.push(
        `${at('webhook.operatorPrincipals')} "${principal}" is not an IAM role or user ARN (use e.g. arn:aws:iam::111111111111:role/webhook-operator)`,
      );
    }
  }

  let githubHook: GithubHookTarget | undefined;
  if (merged.githubHook !== undefined) {
    const hook = merged.githubHook;
    const kind = hook.kind ?? 'repository';
    const target = hook.target ?? '';
    const field = at('webhook.githubHook');
    if (scheme !== 'github' || secretSource !== 'generated') {
      problems.push(
        `${field} is set, but the GitHub rotation needs webhook.scheme "github" and webhook.secretSource "generated" (remove githubHook or change them)`,
      );
    }
    if (kind !== 'repository' && kind !== 'organization') {
      problems.push(`${field}.kind "${kind}" must be "repository" or "organization"`);
    } else if (kind === 'repository' && !GITHUB_REPOSITORY.test(target)) {
      problems.push(`${field}.target "${target}" must be owner/repo for a repository webhook (e.g. acme/payments)`);
    } else if (kind === 'organization' && !GITHUB_LOGIN.test(target)) {
      problems.push(
        `${field}.target "${target}" must be the organization's login for an organization webhook (e.g. acme)`,
      );
    }
    if (typeof hook.hookId !== 'number' || !Number.isSafeInteger(hook.hookId) || hook.hookId < 1) {
      problems.push(
        `${field}.hookId ${String(hook.hookId)} must be the hook's numeric id (the number at the end of the hook's settings URL)`,
      );
    }
    const apiUrl = hook.apiUrl ?? 'https://api.github.com';
    if (!/^https:\/\/[a-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~/-]*)?$/.test(apiUrl) || apiUrl.endsWith('/')) {
      problems.push(
        `${field}.apiUrl "${apiUrl}" must be an https URL without a trailing slash (https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server)`,
      );
    }
    if (merged.previousSecretGraceHours === 0) {
      // The grace also bounds how long AWSPENDING is accepted: GitHub signs with the new value as soon as the
      // rotation has set it on the hook, before it becomes AWSCURRENT.
      problems.push(
        `${at('webhook.previousSecretGraceHours')} is 0, but webhook.githubHook rotates the secret: GitHub signs with the pending value before the rotation makes it current, so every delivery in between would fail. Set at least 1 (hours), or remove githubHook`,
      );
    }
    githubHook = { kind, target, hookId: hook.hookId as number, apiUrl };
  }

  const operatorTrust = validateHumanTrust(
    input?.operatorTrust,
    DEFAULT_WEBHOOK.operatorTrust,
    at('webhook.operatorTrust'),
    problems,
  );

  return {
    scheme,
    toleranceSeconds: merged.toleranceSeconds,
    maxBodyBytes: merged.maxBodyBytes,
    reservedConcurrency: merged.reservedConcurrency,
    secretSource,
    previousSecretGraceHours: merged.previousSecretGraceHours,
    operatorPrincipals,
    operatorTrust,
    ...(githubHook === undefined ? {} : { githubHook }),
    delivery: validateDelivery(deliveryInput, at, problems),
  } as WebhookSettings;
}

function validateHumanTrust(
  input: Partial<HumanTrust> | undefined,
  defaults: HumanTrust,
  field: string,
  problems: string[],
): HumanTrust {
  const trust = { ...defaults, ...input };
  for (const key of ['requireMfa', 'requireSourceIdentity'] as const) {
    if (typeof trust[key] !== 'boolean') {
      problems.push(`${field}.${key} ${String(trust[key])} must be true or false`);
    }
  }
  return trust;
}

function validateDelivery(
  input: unknown,
  at: (field: string) => string,
  problems: string[],
): WebhookDeliverySettings | false {
  if (input === false) return false;
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    problems.push(
      `${at('webhook.delivery')} ${JSON.stringify(input)} must be false (verify and acknowledge only) or an object such as { dedupeDays: 30 } ({} for the defaults)`,
    );
    return false;
  }
  const dedupeDays = (input as { dedupeDays?: unknown } | undefined)?.dedupeDays ?? DEFAULT_DEDUPE_DAYS;
  const { min, max } = DEDUPE_DAYS_RANGE;
  if (typeof dedupeDays !== 'number' || !Number.isInteger(dedupeDays) || dedupeDays < min || dedupeDays > max) {
    problems.push(
      `${at('webhook.delivery.dedupeDays')} ${String(dedupeDays)} must be a whole number of days from ${min} (senders retry for up to 3 days) to ${max}`,
    );
  }
  return { dedupeDays: dedupeDays as number };
}

function checkInteger(field: string, value: unknown, min: number, max: number, problems: string[], extra = ''): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${field} ${String(value)} must be ${extra}a whole number from ${min} to ${max}`);
  }
}

/** Validates the whole project configuration and applies defaults; throws ConfigError listing every problem. */
export function validateProject(input: ProjectInput): ProjectConfig {
  const problems: string[] = unknownKeyProblems(input, PROJECT_KEYS, (field) => `project: ${field}`);
  if (typeof input.name !== 'string' || !PROJECT_NAME.test(input.name)) {
    problems.push(
      `project name "${input.name ?? ''}" must be 2-20 lowercase letters, digits or single dashes, starting with a letter and not ending with a dash (it starts resource names such as <project>-<env>-db, where RDS allows neither)`,
    );
  }
  const entries = Object.entries(input.environments ?? {});
  if (entries.length === 0) problems.push('environments is empty: add at least one environment (e.g. dev)');
  const environments = entries.map(([name, env]) => validateEnvironment(name, env, problems));
  problems.push(...overlappingCidrs(environments));
  if (problems.length > 0) throw new ConfigError(problems);
  return { name: input.name, environments };
}

/**
 * Environments in the same account and region whose VPC CIDRs overlap: they could never be peered or share a
 * transit gateway, and a copy-pasted CIDR usually means a forgotten edit.
 */
function overlappingCidrs(environments: readonly EnvironmentConfig[]): string[] {
  const problems: string[] = [];
  environments.forEach((a, i) => {
    for (const b of environments.slice(i + 1)) {
      if (a.accountId !== b.accountId || a.region !== b.region) continue;
      const x = parseCidr(a.cidr);
      const y = parseCidr(b.cidr);
      if (!x || !y) continue;
      const [wide, narrow] = x.prefix <= y.prefix ? [x, y] : [y, x];
      if (networkOf(narrow.network, wide.prefix) === wide.network) {
        problems.push(
          `environments "${a.name}" (${a.cidr}) and "${b.name}" (${b.cidr}) share account ${a.accountId} and region ${a.region} but their CIDRs overlap: give each its own range (e.g. 10.20.0.0/16 and 10.21.0.0/16)`,
        );
      }
    }
  });
  return problems;
}

/** The environment names in a comma-separated list such as `dev, prod` (CDKTF_ENVIRONMENTS); empty for none. */
export function environmentList(text = ''): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

/**
 * Picks the environments to synthesize. `requested` is a list of names (empty: all of them);
 * an unknown name is an error that lists the known ones.
 */
export function selectEnvironments(config: ProjectConfig, requested: readonly string[]): readonly EnvironmentConfig[] {
  if (requested.length === 0) return config.environments;
  const known = config.environments.map((e) => e.name);
  const unknown = requested.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map(
        (name) =>
          `unknown environment "${name}" (known: ${known.join(', ')}); add it to config/environments.ts or fix the name`,
      ),
    );
  }
  return config.environments.filter((e) => requested.includes(e.name));
}
