import { readWebhookConfig } from '../../../functions/webhook/config';

describe('readWebhookConfig', () => {
  const base = { WEBHOOK_SCHEME: 'stripe', WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:s' };

  it('applies the documented defaults', () => {
    expect(readWebhookConfig(base)).toEqual({
      scheme: 'stripe',
      secretArn: base.WEBHOOK_SECRET_ARN,
      toleranceSeconds: 300,
      maxBodyBytes: 262_144,
      cacheTtlSeconds: 300,
      previousSecretGraceSeconds: 86_400,
    });
  });

  it('reads every variable', () => {
    const config = readWebhookConfig({
      ...base,
      WEBHOOK_SCHEME: 'standard-webhooks',
      WEBHOOK_TOLERANCE_SECONDS: '60',
      WEBHOOK_MAX_BODY_BYTES: '1024',
      SECRET_CACHE_TTL_SECONDS: '30',
      WEBHOOK_PREVIOUS_SECRET_GRACE_SECONDS: '0',
    });

    expect(config).toMatchObject({
      previousSecretGraceSeconds: 0,
      scheme: 'standard-webhooks',
      toleranceSeconds: 60,
      maxBodyBytes: 1024,
      cacheTtlSeconds: 30,
    });
  });

  it('rejects an unknown scheme and lists the known ones', () => {
    expect(() => readWebhookConfig({ ...base, WEBHOOK_SCHEME: 'gitlab' })).toThrow(
      'WEBHOOK_SCHEME="gitlab" is not one of github, stripe, slack, standard-webhooks',
    );
  });

  it('rejects a body limit above what a function URL accepts', () => {
    expect(() => readWebhookConfig({ ...base, WEBHOOK_MAX_BODY_BYTES: String(7 * 1024 * 1024) })).toThrow(
      /WEBHOOK_MAX_BODY_BYTES/,
    );
  });

  it('requires the secret ARN', () => {
    expect(() => readWebhookConfig({ WEBHOOK_SCHEME: 'github' })).toThrow(/WEBHOOK_SECRET_ARN/);
  });

  describe('delivery', () => {
    const delivery = {
      WEBHOOK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/app-dev-webhook',
      WEBHOOK_DELIVERIES_TABLE: 'app-dev-webhook-deliveries',
    };

    it('is off when neither the queue nor the table is set', () => {
      expect(readWebhookConfig(base).delivery).toBeUndefined();
    });

    it('reads the queue, the table and a 30-day replay window by default', () => {
      expect(readWebhookConfig({ ...base, ...delivery }).delivery).toEqual({
        queueUrl: delivery.WEBHOOK_QUEUE_URL,
        tableName: delivery.WEBHOOK_DELIVERIES_TABLE,
        dedupeSeconds: 2_592_000,
      });
      expect(readWebhookConfig({ ...base, ...delivery, WEBHOOK_DEDUPE_SECONDS: '86400' }).delivery?.dedupeSeconds).toBe(
        86_400,
      );
    });

    it.each(['WEBHOOK_QUEUE_URL', 'WEBHOOK_DELIVERIES_TABLE'] as const)('refuses %s alone', (name) => {
      const other = name === 'WEBHOOK_QUEUE_URL' ? 'WEBHOOK_DELIVERIES_TABLE' : 'WEBHOOK_QUEUE_URL';
      expect(() => readWebhookConfig({ ...base, [name]: delivery[name] })).toThrow(`${other} is required`);
    });

    it('refuses a replay window under a minute', () => {
      expect(() => readWebhookConfig({ ...base, ...delivery, WEBHOOK_DEDUPE_SECONDS: '5' })).toThrow(
        'WEBHOOK_DEDUPE_SECONDS',
      );
    });
  });
});
