import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  type GetRandomPasswordCommandInput,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { MissingSecretValueError } from './errors';
import type { SecretMetadata } from './stages';

/** The client the rotation functions need; the production SecretsManagerClient, or one pointed at moto. */
export type SecretsManagerSender = Pick<SecretsManagerClient, 'send'>;

/** A version's value and id. */
export interface SecretVersionValue {
  readonly versionId: string;
  readonly value: string;
  /** When the version was created (epoch milliseconds), if Secrets Manager said. */
  readonly createdAtMs?: number;
}

/** What the rotation steps need from Secrets Manager (SecretVersions in Lambda, an in-memory fake in unit tests). */
export interface SecretVersionStore {
  describe(secretId: string): Promise<SecretMetadata>;
  current(secretId: string): Promise<SecretVersionValue | undefined>;
  requireCurrent(secretId: string): Promise<SecretVersionValue>;
  pending(secretId: string, token: string): Promise<SecretVersionValue | undefined>;
  requirePending(secretId: string, token: string): Promise<SecretVersionValue>;
  putPending(secretId: string, token: string, value: string): Promise<void>;
  randomPassword(options: GetRandomPasswordCommandInput): Promise<string>;
  markCurrent(secretId: string, token: string, fromVersionId: string | undefined): Promise<void>;
}

/**
 * The Secrets Manager calls of the rotation protocol, and nothing else: DescribeSecret, GetSecretValue,
 * PutSecretValue, UpdateSecretVersionStage and GetRandomPassword (the rotation role grants exactly these).
 */
export class SecretVersions implements SecretVersionStore {
  constructor(private readonly client: SecretsManagerSender) {}

  async describe(secretId: string): Promise<SecretMetadata> {
    const out = await this.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return {
      arn: out.ARN ?? secretId,
      rotationEnabled: out.RotationEnabled === true,
      versions: out.VersionIdsToStages ?? {},
    };
  }

  /** The AWSCURRENT value, or undefined when the secret has none yet. */
  async current(secretId: string): Promise<SecretVersionValue | undefined> {
    return this.get(secretId, { VersionStage: 'AWSCURRENT' });
  }

  /** The AWSCURRENT value; a MissingSecretValueError when there is none. */
  async requireCurrent(secretId: string): Promise<SecretVersionValue> {
    const current = await this.current(secretId);
    if (current === undefined) throw new MissingSecretValueError(`secret ${secretId} has no AWSCURRENT value`);
    return current;
  }

  /** The value of version `token` staged AWSPENDING, or undefined when that version has no value yet. */
  async pending(secretId: string, token: string): Promise<SecretVersionValue | undefined> {
    return this.get(secretId, { VersionId: token, VersionStage: 'AWSPENDING' });
  }

  /** The AWSPENDING value of `token`; a MissingSecretValueError when createSecret has not stored one. */
  async requirePending(secretId: string, token: string): Promise<SecretVersionValue> {
    const pending = await this.pending(secretId, token);
    if (pending === undefined) {
      throw new MissingSecretValueError(`secret ${secretId} has no AWSPENDING value for version ${token}`);
    }
    return pending;
  }

  /** Stores `value` as version `token` with the AWSPENDING label (idempotent for the same token and value). */
  async putPending(secretId: string, token: string, value: string): Promise<void> {
    await this.client.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        ClientRequestToken: token,
        SecretString: value,
        VersionStages: ['AWSPENDING'],
      }),
    );
  }

  async randomPassword(options: GetRandomPasswordCommandInput): Promise<string> {
    const out = await this.client.send(new GetRandomPasswordCommand(options));
    if (!out.RandomPassword) throw new MissingSecretValueError('GetRandomPassword returned no password');
    return out.RandomPassword;
  }

  /**
   * Moves AWSCURRENT to `token`, taking it from `fromVersionId` (which then gets AWSPREVIOUS). With no
   * current version (a secret's first value) there is nothing to remove it from.
   */
  async markCurrent(secretId: string, token: string, fromVersionId: string | undefined): Promise<void> {
    await this.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: token,
        ...(fromVersionId === undefined ? {} : { RemoveFromVersionId: fromVersionId }),
      }),
    );
  }

  private async get(
    secretId: string,
    selector: { VersionId?: string; VersionStage: string },
  ): Promise<SecretVersionValue | undefined> {
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: secretId, ...selector }));
      if (out.SecretString === undefined || out.VersionId === undefined) {
        throw new MissingSecretValueError(`secret ${secretId} has no string value at ${selector.VersionStage}`);
      }
      const created = out.CreatedDate === undefined ? undefined : new Date(out.CreatedDate).getTime();
      return {
        versionId: out.VersionId,
        value: out.SecretString,
        ...(created !== undefined && Number.isFinite(created) ? { createdAtMs: created } : {}),
      };
    } catch (error) {
      // A version without a value (the stub RotateSecret creates) and a missing stage both come back as this.
      if ((error as { name?: unknown } | null)?.name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }
}
