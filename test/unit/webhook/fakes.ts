import type { FunctionUrlEvent } from '../../../functions/shared/http';
import type { SecretSource, SecretStage, SecretVersion } from '../../../functions/shared/secret-cache';
import type { WebhookConfig } from '../../../functions/webhook/config';
import type { SchemeName } from '../../../functions/webhook/schemes/scheme';

/** When FakeSecrets' versions were created unless a test says otherwise: a minute before the tests' "now". */
export const FAKE_CREATED_AT_MS = 1_760_000_000_000 - 60_000;

/** A version as a test writes it: just the value, or with the id and creation time it should report. */
export type FakeVersion =
  | string
  | Error
  | { readonly value: string; readonly versionId?: string; readonly createdAtMs?: number };

/**
 * Secret versions per stage; `undefined` means the stage does not exist, an Error means the call fails. A plain
 * string's version id is derived from the value (two stages with one value are one version), created at
 * FAKE_CREATED_AT_MS.
 */
export class FakeSecrets implements SecretSource {
  readonly calls: SecretStage[] = [];

  constructor(private readonly stages: Partial<Record<SecretStage, FakeVersion>>) {}

  async getSecretVersion(_secretId: string, stage: SecretStage): Promise<SecretVersion | undefined> {
    this.calls.push(stage);
    const entry = this.stages[stage];
    if (entry === undefined) {
      return undefined;
    }
    if (entry instanceof Error) {
      throw entry;
    }
    const version = typeof entry === 'string' ? { value: entry } : entry;
    return {
      value: version.value,
      versionId: version.versionId ?? `version-of-${version.value}`,
      createdAtMs: 'createdAtMs' in version ? version.createdAtMs : FAKE_CREATED_AT_MS,
    };
  }

  async getSecretString(secretId: string, stage: SecretStage): Promise<string | undefined> {
    return (await this.getSecretVersion(secretId, stage))?.value;
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
    previousSecretGraceSeconds: 86_400,
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
