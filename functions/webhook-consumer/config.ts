import { DEFAULT_DEDUPE_SECONDS, MAX_DEDUPE_SECONDS, MIN_DEDUPE_SECONDS } from '../shared/delivery-message';
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
    dedupeSeconds: integerSetting(env, 'WEBHOOK_DEDUPE_SECONDS', {
      fallback: DEFAULT_DEDUPE_SECONDS,
      min: MIN_DEDUPE_SECONDS,
      max: MAX_DEDUPE_SECONDS,
    }),
  };
}
