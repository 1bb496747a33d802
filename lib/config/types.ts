/** The AWS services a VPC interface endpoint can be created for in this template. */
export const VPC_ENDPOINT_SERVICES = ['secretsmanager', 'kms', 'ssm', 'sts', 'xray', 'logs', 'sqs'] as const;
export type VpcEndpointService = (typeof VPC_ENDPOINT_SERVICES)[number];

/** Endpoints the private functions cannot work without: they run in isolated subnets with no other way out. */
export const REQUIRED_VPC_ENDPOINTS: readonly VpcEndpointService[] = ['secretsmanager', 'kms', 'ssm'];

/**
 * Interface endpoints webhook delivery adds by itself (the network stack also adds a DynamoDB gateway endpoint):
 * a team does not list them in `vpcEndpoints`.
 */
export const WEBHOOK_DELIVERY_VPC_ENDPOINTS: readonly VpcEndpointService[] = ['sqs'];

export const WEBHOOK_SCHEMES = ['github', 'stripe', 'slack', 'standard-webhooks'] as const;
export type WebhookScheme = (typeof WEBHOOK_SCHEMES)[number];

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Who creates the webhook signing secret's value. `generated`: this template (Secrets Manager random value;
 * the operator or, for a GitHub hook, the rotation function gives it to the sender). `provider-issued`: the
 * sender (Stripe's endpoint secret, Slack's signing secret); the operator stores it with `npm run webhook-secret`.
 */
export const WEBHOOK_SECRET_SOURCES = ['generated', 'provider-issued'] as const;
export type WebhookSecretSource = (typeof WEBHOOK_SECRET_SOURCES)[number];

/** The source each scheme gets unless the environment says otherwise. */
export const DEFAULT_WEBHOOK_SECRET_SOURCE: Readonly<Record<WebhookScheme, WebhookSecretSource>> = {
  github: 'generated',
  'standard-webhooks': 'generated',
  stripe: 'provider-issued',
  slack: 'provider-issued',
};

/** The GitHub webhook whose secret the rotation function updates (scheme `github`, source `generated`). */
export interface GithubHookTarget {
  /** `repository` for a repository webhook, `organization` for an organization webhook. */
  readonly kind: 'repository' | 'organization';
  /** `owner/repo` for a repository webhook, the organization's login for an organization webhook. */
  readonly target: string;
  /** The hook's numeric id (Settings > Webhooks > the hook: the number at the end of its URL). */
  readonly hookId: number;
  /** REST API root; GitHub Enterprise Server: `https://HOST/api/v3`. @default https://api.github.com */
  readonly apiUrl: string;
}

/** Bounds of `webhook.delivery.dedupeDays` (see WebhookDeliverySettings). */
export const DEDUPE_DAYS_RANGE = { min: 3, max: 365 } as const;

/**
 * Queued delivery of verified webhook events (docs/webhook-delivery-config.md): the webhook records each delivery id
 * in a DynamoDB table, sends one message to an SQS queue, and the `webhook-consumer` function handles it.
 */
export interface WebhookDeliverySettings {
  /**
   * Days a delivery id is remembered, so a second request with it is answered 200 and queues nothing. For GitHub,
   * whose deliveries carry no signed timestamp, this is the replay window: a captured request is refused for this
   * long. At least 3, the days Stripe retries and GitHub allows a redelivery. @default 30
   */
  readonly dedupeDays: number;
}

/** Webhook function settings. */
export interface WebhookSettings {
  /** Signature scheme the sender uses. */
  readonly scheme: WebhookScheme;
  /** How far a signed timestamp may be from now, in seconds. */
  readonly toleranceSeconds: number;
  /** Largest accepted request body in bytes; larger requests get 413. */
  readonly maxBodyBytes: number;
  /** Reserved concurrency: caps cost and blast radius of a flood of requests. */
  readonly reservedConcurrency: number;
  /** Who creates the signing secret. @default `generated` for github and standard-webhooks, else `provider-issued` */
  readonly secretSource: WebhookSecretSource;
  /**
   * Hours after a new value became AWSCURRENT during which the previous value is still accepted.
   * @default 24 (Stripe's longest expiry when rolling an endpoint secret)
   */
  readonly previousSecretGraceHours: number;
  /**
   * The GitHub hook to keep in step: with it (scheme `github`, source `generated`) the secret rotates every
   * `secrets.rotationDays` and the rotation function sets the new value on the hook. @default none (no automatic rotation)
   */
  readonly githubHook?: GithubHookTarget;
  /**
   * IAM role or user ARNs allowed to run `npm run webhook-secret` (set, show, rotate) for this environment's
   * signing secret, and nothing else on it. @default none (then nobody can set or show the value)
   */
  readonly operatorPrincipals: readonly string[];
  /**
   * What the operator role's trust requires of whoever assumes it (docs/ACCESS.md, "People who assume roles").
   * @default { requireMfa: false, requireSourceIdentity: true }
   */
  readonly operatorTrust: HumanTrust;
  /**
   * Queue every verified event for the consumer function, once; `false` only verifies and acknowledges.
   * @default { dedupeDays: 30 }
   */
  readonly delivery: WebhookDeliverySettings | false;
}

/** Conditions on assuming a role that people assume (the webhook-secret operator, the API invoker). */
export interface HumanTrust {
  /** AssumeRole only with MFA (`aws:MultiFactorAuthPresent`); absent from Identity Center and SAML sessions. */
  readonly requireMfa: boolean;
  /** AssumeRole only with a source identity (`sts:SourceIdentity`), which CloudTrail records on every later call. */
  readonly requireSourceIdentity: boolean;
}

/** API (private VPC function behind an IAM-authenticated URL) settings. */
export interface ApiSettings {
  /** Reserved concurrency; also bounds database connections. */
  readonly reservedConcurrency: number;
  /** IAM principal ARNs allowed to assume the invoker role. Empty: only this account's administrators can grant it. */
  readonly invokerTrustedPrincipals: readonly string[];
  /**
   * What the invoker role's trust requires of whoever assumes it; callers are often services, which have no MFA.
   * @default { requireMfa: false, requireSourceIdentity: false }
   */
  readonly invokerTrust: HumanTrust;
  /**
   * A signing key for `/whoami/signed`, encrypted client-side for this environment's API function: the output of
   * `npm run encrypt -- --env <env> --function api` (docs/encrypted-environment.md). @default none (the route answers 503)
   */
  readonly signingKeyCiphertext?: string;
}

/** Secrets and rotation settings. */
export interface SecretsSettings {
  /** Days between automatic rotations. */
  readonly rotationDays: number;
  /** Days a deleted secret can be restored; 0 (delete at once) is only allowed outside production. */
  readonly recoveryWindowDays: number;
}

/** Optional RDS PostgreSQL instance in the isolated subnets. */
export interface DatabaseSettings {
  /** Create the instance in this environment. */
  readonly enabled: boolean;
  /** RDS instance class, e.g. db.t4g.micro. */
  readonly instanceClass: string;
  /** Allocated storage in GiB (20 or more). */
  readonly allocatedStorageGb: number;
  /** PostgreSQL major version, e.g. "17". */
  readonly engineVersion: string;
  /** Name of the application database. */
  readonly databaseName: string;
  /** Login of the application user whose credential rotates with alternating users. */
  readonly appUsername: string;
}

/** Where the environment's alarm topic delivers (docs/alarms-runbook.md). */
export interface AlarmSettings {
  /** Addresses subscribed to the alarm topic by email (each must confirm once); at least one in production. */
  readonly emails: readonly string[];
  /** An https:// endpoint (chat or paging webhook) also subscribed to the topic. @default none */
  readonly httpsEndpoint?: string;
}

/** The environment's AWS Budgets cost budget (docs/costs.md, "Budget"). */
export interface BudgetSettings {
  /** Monthly cost budget in USD. @default 300 in production, 100 elsewhere */
  readonly monthlyUsd: number;
  /** Who gets the forecast and actual alerts by email (1 to 10 addresses). @default the alarm emails */
  readonly recipients: readonly string[];
}

/** One deployable environment, validated and with defaults applied. */
export interface EnvironmentConfig {
  /** Environment name; also the GitHub environment and the prefix of every stack id. */
  readonly name: string;
  /** 12-digit AWS account id the environment deploys into; the provider refuses any other account. */
  readonly accountId: string;
  /** AWS region, e.g. eu-west-1. */
  readonly region: string;
  /** Production environments get 30-day key deletion windows, deletion protection and no instant secret deletion. */
  readonly production: boolean;
  /** IPv4 CIDR of the VPC (/16 to /24). */
  readonly cidr: string;
  /** Availability zones to spread the isolated subnets over (2 to 6). */
  readonly azCount: number;
  /** Interface endpoints to create; must include the ones in REQUIRED_VPC_ENDPOINTS. */
  readonly vpcEndpoints: readonly VpcEndpointService[];
  /** Retention of every log group of the environment, in days (at least 365 in production). @default 365 in production, else 30 */
  readonly logRetentionDays: number;
  /** KMS key deletion window in days (7 to 30; always 30 in production). */
  readonly keyDeletionWindowDays: number;
  /** S3 bucket holding Terraform state; unset means local state files. */
  readonly stateBucket?: string;
  readonly webhook: WebhookSettings;
  readonly api: ApiSettings;
  readonly secrets: SecretsSettings;
  readonly database: DatabaseSettings;
  readonly alarms: AlarmSettings;
  readonly budget: BudgetSettings;
}

/** Settings shared by every environment. */
export interface ProjectConfig {
  /** Short lowercase name; prefixes every resource name (alias/<name>-<env>, roles, log groups). */
  readonly name: string;
  readonly environments: readonly EnvironmentConfig[];
}
