import { GetSecretValueCommand, type GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import type { Clock } from './clock';
import { SecretUnavailableError } from './errors';
import { TtlCache } from './ttl-cache';

/** The staging labels Secrets Manager moves during a rotation. */
export type SecretStage = 'AWSCURRENT' | 'AWSPREVIOUS';

/** The one Secrets Manager call the cache makes; a SecretsManagerClient satisfies it. */
export interface SecretsManagerReader {
  send(command: GetSecretValueCommand): Promise<GetSecretValueCommandOutput>;
}

/** Where functions read secret strings from: the cache below in Lambda, a fake in unit tests. */
export interface SecretSource {
  /**
   * The SecretString of `secretId` at `stage`, or undefined when that stage does not exist (a secret
   * that was never rotated has no AWSPREVIOUS). Throws SecretUnavailableError for anything else,
   * including a missing AWSCURRENT.
   */
  getSecretString(secretId: string, stage: SecretStage): Promise<string | undefined>;
  /** Forgets the cached value of one stage, e.g. after the database refused a credential. */
  invalidate(secretId: string, stage: SecretStage): void;
}

export interface SecretCacheOptions {
  /** Secrets Manager client, created once per cold start. */
  readonly client: SecretsManagerReader;
  /** Seconds a value (or the absence of a stage) is reused before it is fetched again. */
  readonly ttlSeconds: number;
  readonly clock: Clock;
}

/**
 * Secret values cached per secret id AND staging label. Powertools' SecretsProvider keys its cache by id
 * alone, so AWSPREVIOUS would come back as the cached AWSCURRENT value; this cache keeps the stages apart
 * and remembers that AWSPREVIOUS does not exist, so a secret never rotated costs one call per window, not
 * one per request.
 */
export class SecretCache implements SecretSource {
  private readonly cache: TtlCache<string | undefined>;
  private readonly client: SecretsManagerReader;

  constructor(options: SecretCacheOptions) {
    this.client = options.client;
    this.cache = new TtlCache(options.ttlSeconds, options.clock);
  }

  getSecretString(secretId: string, stage: SecretStage): Promise<string | undefined> {
    return this.cache.get(cacheKey(secretId, stage), () => this.fetch(secretId, stage));
  }

  invalidate(secretId: string, stage: SecretStage): void {
    this.cache.delete(cacheKey(secretId, stage));
  }

  private async fetch(secretId: string, stage: SecretStage): Promise<string | undefined> {
    let output: GetSecretValueCommandOutput;
    try {
      output = await this.client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
    } catch (error) {
      if (isNotFound(error)) {
        if (stage === 'AWSCURRENT') {
          // Not remembered: a new secret gets its first value from its first rotation, which may finish after
          // the first requests arrive; caching the absence would keep answering 503 for a whole window.
          throw new SecretUnavailableError('the secret has no AWSCURRENT version (yet)', { cause: error });
        }
        return undefined;
      }
      throw new SecretUnavailableError(`cannot read ${stage} of the secret`, { cause: error });
    }
    if (typeof output.SecretString !== 'string') {
      throw new SecretUnavailableError(`the ${stage} version of the secret has no SecretString`);
    }
    return output.SecretString;
  }
}

function cacheKey(secretId: string, stage: SecretStage): string {
  return `${stage}\u0000${secretId}`;
}

// Matched by name: the SDK is external to the bundle, and a second copy of its classes would defeat instanceof.
function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}
