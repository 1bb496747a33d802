import type { Clock } from '../shared/clock';
import { SecretUnavailableError } from '../shared/errors';
import type { SecretSource, SecretStage, SecretVersion } from '../shared/secret-cache';
import { PENDING_REFRESH_SECONDS } from '../shared/webhook-secret';
import { InvalidSigningSecretError } from './errors';
import type { WebhookScheme } from './schemes/scheme';

export { PENDING_REFRESH_SECONDS };

/** A stage's key, with the version it came from. */
export interface StageKey {
  readonly stage: SecretStage;
  readonly key: Buffer;
  readonly version: SecretVersion;
}

export interface SigningKeysOptions {
  readonly secrets: SecretSource;
  readonly secretId: string;
  readonly scheme: WebhookScheme;
  readonly clock: Clock;
  /**
   * Seconds after AWSCURRENT was created during which AWSPREVIOUS (and a rotation's AWSPENDING) is still
   * accepted; 0 accepts only AWSCURRENT.
   */
  readonly graceSeconds: number;
}

/**
 * HMAC keys for the scheme from the signing secret's versions, read through the (cached) SecretSource:
 * AWSCURRENT always; AWSPREVIOUS while AWSCURRENT is younger than the grace; AWSPENDING while a rotation is
 * in flight (a pending version other than AWSCURRENT, younger than the grace). The fallbacks are only read
 * when AWSCURRENT did not verify a request, so a normal delivery costs one stage.
 */
export class SigningKeys {
  private readonly derived = new Map<string, Buffer>();

  constructor(private readonly options: SigningKeysOptions) {}

  /** The current key; throws SecretUnavailableError or an InvalidSigningSecretError subclass. */
  async current(): Promise<StageKey> {
    const version = await this.options.secrets.getSecretVersion(this.options.secretId, 'AWSCURRENT');
    if (version === undefined) {
      throw new SecretUnavailableError('the signing secret has no AWSCURRENT version');
    }
    return { stage: 'AWSCURRENT', key: this.keyOf(version.value), version };
  }

  /**
   * AWSPREVIOUS while `current` is younger than the grace, or undefined (no such stage, outside the grace,
   * or a value that cannot be a key). Throws SecretUnavailableError when it cannot be read.
   */
  async previous(current: SecretVersion): Promise<StageKey | undefined> {
    if (!this.withinGrace(current)) {
      return undefined;
    }
    return this.fallback('AWSPREVIOUS', current);
  }

  /**
   * AWSPENDING while a rotation is in flight, re-read at most every PENDING_REFRESH_SECONDS; undefined when
   * there is none, it is the current version, it is older than the grace, or it cannot be a key.
   */
  async pending(current: SecretVersion): Promise<StageKey | undefined> {
    const found = await this.fallback('AWSPENDING', current, PENDING_REFRESH_SECONDS);
    return found !== undefined && this.withinGrace(found.version) ? found : undefined;
  }

  private async fallback(
    stage: SecretStage,
    current: SecretVersion,
    maxAgeSeconds?: number,
  ): Promise<StageKey | undefined> {
    const version = await this.options.secrets.getSecretVersion(
      this.options.secretId,
      stage,
      maxAgeSeconds === undefined ? undefined : { maxAgeSeconds },
    );
    if (version === undefined || (version.versionId !== undefined && version.versionId === current.versionId)) {
      return undefined;
    }
    try {
      return { stage, key: this.keyOf(version.value), version };
    } catch (error) {
      // A fallback stage that cannot be a key is skipped: only AWSCURRENT decides 503.
      if (error instanceof InvalidSigningSecretError) {
        return undefined;
      }
      throw error;
    }
  }

  /** Whether `version` was created less than the grace ago; an unknown creation time is outside it. */
  private withinGrace(version: SecretVersion): boolean {
    const created = version.createdAtMs;
    return created !== undefined && this.options.clock.now() - created < this.options.graceSeconds * 1000;
  }

  private keyOf(secret: string): Buffer {
    let key = this.derived.get(secret);
    if (key === undefined) {
      key = this.options.scheme.keyFromSecret(secret);
      // Three stages are alive at most; dropping everything when more appear bounds the map.
      if (this.derived.size >= 4) {
        this.derived.clear();
      }
      this.derived.set(secret, key);
    }
    return key;
  }
}
