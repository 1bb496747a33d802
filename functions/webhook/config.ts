import { DEFAULT_DEDUPE_SECONDS, MAX_DEDUPE_SECONDS, MIN_DEDUPE_SECONDS } from '../shared/delivery-message';
import { type Env, integerSetting, optionalString, requiredString, secretCacheTtlSeconds } from '../shared/env';
import { ConfigurationError } from '../shared/errors';
import { SCHEME_NAMES, type SchemeName } from './schemes/scheme';

/** Settings of the webhook function, read once per cold start. */
export interface WebhookConfig {
  /** WEBHOOK_SCHEME: which provider's signature scheme requests must follow. */
  readonly scheme: SchemeName;
  /** WEBHOOK_SECRET_ARN: the Secrets Manager secret holding the signing secret. */
  readonly secretArn: string;
  /** WEBHOOK_TOLERANCE_SECONDS: how far a signed timestamp may be from now, either way. @default 300 */
  readonly toleranceSeconds: number;
  /** WEBHOOK_MAX_BODY_BYTES: larger bodies get 413. @default 262144 */
  readonly maxBodyBytes: number;
  /** SECRET_CACHE_TTL_SECONDS: how long a fetched secret stage is reused. @default 300 */
  readonly cacheTtlSeconds: number;
  /**
   * WEBHOOK_PREVIOUS_SECRET_GRACE_SECONDS: how long after AWSCURRENT was created a request signed with
   * AWSPREVIOUS (or a rotation's AWSPENDING) is still accepted. @default 86400 (24 h, Stripe's longest roll)
   */
  readonly previousSecretGraceSeconds: number;
  /** Where verified deliveries go; undefined when delivery is turned off (verify and acknowledge only). */
  readonly delivery?: DeliveryConfig;
}

/** The queue and dedupe table of webhook delivery (config `webhook.delivery`). */
export interface DeliveryConfig {
  /** WEBHOOK_QUEUE_URL: the SQS queue every verified, first-seen delivery is sent to. */
  readonly queueUrl: string;
  /** WEBHOOK_DELIVERIES_TABLE: the DynamoDB table delivery ids are recorded in. */
  readonly tableName: string;
  /** WEBHOOK_DEDUPE_SECONDS: how long a delivery id is remembered (the replay window). @default 30 days */
  readonly dedupeSeconds: number;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;
export const DEFAULT_MAX_BODY_BYTES = 262_144;
export const DEFAULT_PREVIOUS_SECRET_GRACE_SECONDS = 86_400;
/** 30 days: longer would keep a replaced (perhaps leaked) secret alive for a whole rotation period. */
export const MAX_PREVIOUS_SECRET_GRACE_SECONDS = 30 * 86_400;
// A function URL accepts at most 6 MB of request payload.
const MAX_BODY_BYTES_LIMIT = 6 * 1024 * 1024;

/** Reads and validates the webhook settings; throws ConfigurationError naming the variable to fix. */
export function readWebhookConfig(env: Env): WebhookConfig {
  const scheme = requiredString(env, 'WEBHOOK_SCHEME');
  if (!isSchemeName(scheme)) {
    throw new ConfigurationError(`WEBHOOK_SCHEME="${scheme}" is not one of ${SCHEME_NAMES.join(', ')}`);
  }
  return {
    scheme,
    secretArn: requiredString(env, 'WEBHOOK_SECRET_ARN'),
    toleranceSeconds: integerSetting(env, 'WEBHOOK_TOLERANCE_SECONDS', {
      fallback: DEFAULT_TOLERANCE_SECONDS,
      min: 1,
      max: 86_400,
    }),
    maxBodyBytes: integerSetting(env, 'WEBHOOK_MAX_BODY_BYTES', {
      fallback: DEFAULT_MAX_BODY_BYTES,
      min: 1,
      max: MAX_BODY_BYTES_LIMIT,
    }),
    cacheTtlSeconds: secretCacheTtlSeconds(env),
    previousSecretGraceSeconds: integerSetting(env, 'WEBHOOK_PREVIOUS_SECRET_GRACE_SECONDS', {
      fallback: DEFAULT_PREVIOUS_SECRET_GRACE_SECONDS,
      min: 0,
      max: MAX_PREVIOUS_SECRET_GRACE_SECONDS,
    }),
    delivery: readDeliveryConfig(env),
  };
}

/**
 * The delivery settings: both WEBHOOK_QUEUE_URL and WEBHOOK_DELIVERIES_TABLE, or neither (delivery off). One
 * without the other is a half-applied configuration, refused rather than guessed at.
 */
export function readDeliveryConfig(env: Env): DeliveryConfig | undefined {
  const queueUrl = optionalString(env, 'WEBHOOK_QUEUE_URL');
  const tableName = optionalString(env, 'WEBHOOK_DELIVERIES_TABLE');
  if (queueUrl === undefined && tableName === undefined) {
    return undefined;
  }
  if (queueUrl === undefined || tableName === undefined) {
    const missing = queueUrl === undefined ? 'WEBHOOK_QUEUE_URL' : 'WEBHOOK_DELIVERIES_TABLE';
    throw new ConfigurationError(
      `environment variable ${missing} is required when the other of WEBHOOK_QUEUE_URL and WEBHOOK_DELIVERIES_TABLE is set`,
    );
  }
  return {
    queueUrl,
    tableName,
    dedupeSeconds: integerSetting(env, 'WEBHOOK_DEDUPE_SECONDS', {
      fallback: DEFAULT_DEDUPE_SECONDS,
      min: MIN_DEDUPE_SECONDS,
      max: MAX_DEDUPE_SECONDS,
    }),
  };
}

function isSchemeName(value: string): value is SchemeName {
  return (SCHEME_NAMES as readonly string[]).includes(value);
}
