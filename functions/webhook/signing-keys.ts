import { SecretUnavailableError } from '../shared/errors';
import type { SecretSource, SecretStage } from '../shared/secret-cache';
import { InvalidSigningSecretError } from './errors';
import type { WebhookScheme } from './schemes/scheme';

/**
 * HMAC keys for the scheme from the signing secret's AWSCURRENT and AWSPREVIOUS versions. The values come
 * from the (cached) SecretSource; AWSPREVIOUS is only read when AWSCURRENT did not verify a request, so a
 * normal delivery costs one stage.
 */
export class SigningKeys {
  private readonly derived = new Map<string, Buffer>();

  constructor(
    private readonly secrets: SecretSource,
    private readonly secretId: string,
    private readonly scheme: WebhookScheme,
  ) {}

  /** The current key; throws SecretUnavailableError or InvalidSigningSecretError. */
  async current(): Promise<Buffer> {
    const key = await this.keyAt('AWSCURRENT');
    if (key === undefined) {
      throw new SecretUnavailableError('the signing secret has no AWSCURRENT version');
    }
    return key;
  }

  /** The key before the last rotation, or undefined when there is none or it cannot be a key. */
  async previous(): Promise<Buffer | undefined> {
    try {
      return await this.keyAt('AWSPREVIOUS');
    } catch (error) {
      if (error instanceof InvalidSigningSecretError) {
        return undefined;
      }
      throw error;
    }
  }

  private async keyAt(stage: SecretStage): Promise<Buffer | undefined> {
    const secret = await this.secrets.getSecretString(this.secretId, stage);
    if (secret === undefined) {
      return undefined;
    }
    let key = this.derived.get(secret);
    if (key === undefined) {
      key = this.scheme.keyFromSecret(secret);
      // Two stages are alive at a time; dropping everything when a third appears bounds the map.
      if (this.derived.size >= 4) {
        this.derived.clear();
      }
      this.derived.set(secret, key);
    }
    return key;
  }
}
