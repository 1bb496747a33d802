import type { FunctionUrlEvent } from '../../../functions/shared/http';
import type { SecretSource, SecretStage } from '../../../functions/shared/secret-cache';
import type { WebhookConfig } from '../../../functions/webhook/config';
import type { SchemeName } from '../../../functions/webhook/schemes/scheme';

/** Secret values per stage; `undefined` means the stage does not exist, an Error means the call fails. */
export class FakeSecrets implements SecretSource {
  readonly calls: SecretStage[] = [];

  constructor(private readonly stages: Partial<Record<SecretStage, string | Error>>) {}

  async getSecretString(_secretId: string, stage: SecretStage): Promise<string | undefined> {
    this.calls.push(stage);
    const value = this.stages[stage];
    if (value instanceof Error) {
      throw value;
    }
    return value;
  }

  invalidate(): void {}
}

export function webhookConfig(scheme: SchemeName, overrides: Partial<WebhookConfig> = {}): WebhookConfig {
  return {
    scheme,
    secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/dev/webhook-signing-secret-AbCdEf',
    toleranceSeconds: 300,
    maxBodyBytes: 1024,
    cacheTtlSeconds: 300,
    ...overrides,
  };
}

/** A function URL (payload 2.0) POST as Lambda delivers it. */
export function urlEvent(options: {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly timeEpoch?: number;
}): FunctionUrlEvent {
  return {
    version: '2.0',
    rawPath: '/',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc.lambda-url.eu-west-1.on.aws', ...options.headers },
    body: options.body,
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      timeEpoch: options.timeEpoch,
      http: { method: options.method ?? 'POST', path: '/', sourceIp: '192.0.2.1' },
    },
  };
}
