import { type Env, integerSetting, requiredString, secretCacheTtlSeconds } from '../shared/env';
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
  };
}

function isSchemeName(value: string): value is SchemeName {
  return (SCHEME_NAMES as readonly string[]).includes(value);
}
