import { type Env, integerSetting, requiredString } from '../shared/env';

/** Settings of the consumer, read once per cold start. */
export interface ConsumerConfig {
  /** WEBHOOK_DELIVERIES_TABLE: the table holding the idempotency records (shared with the webhook's ids). */
  readonly tableName: string;
  /** WEBHOOK_DEDUPE_SECONDS: how long a processed delivery is remembered. @default 30 days */
  readonly dedupeSeconds: number;
}

export function readConsumerConfig(env: Env): ConsumerConfig {
  return {
    tableName: requiredString(env, 'WEBHOOK_DELIVERIES_TABLE'),
    dedupeSeconds: integerSetting(env, 'WEBHOOK_DEDUPE_SECONDS', { fallback: 30 * 86_400, min: 60, max: 365 * 86_400 }),
  };
}
