import { classifyAwsError } from './aws-errors';
import type { Clock } from './clock';
import { SecretUnavailableError } from './errors';
import { type LoadRefused, type StaleServed, TtlCache } from './ttl-cache';

/** The staging labels Secrets Manager moves during a rotation. */
export type SecretStage = 'AWSCURRENT' | 'AWSPENDING' | 'AWSPREVIOUS';

/** One version of a secret as GetSecretValue returns it. */
export interface SecretVersion {
  /** The SecretString. */
  readonly value: string;
  /** The version's id; two stages on one version have the same id. */
  readonly versionId: string | undefined;
  /** When the version was created (epoch milliseconds), if Secrets Manager said. */
  readonly createdAtMs: number | undefined;
}

/** Per-call limits on the cache. */
export interface SecretReadOptions {
  /**
   * Ask Secrets Manager again when this stage was last asked longer ago than this, even inside the cache
   * window (e.g. to see a rotation's AWSPENDING value soon after it appears). @default the cache window
   */
  readonly maxAgeSeconds?: number;
}

/** What the cache asks Secrets Manager for: GetSecretValue's input, as the SDK names it. */
export interface GetSecretValueInput {
  readonly SecretId: string;
  readonly VersionStage: SecretStage;
}

/** The part of GetSecretValue's answer the cache reads, as the SDK names it. */
export interface GetSecretValueOutput {
  readonly SecretString?: string;
  readonly VersionId?: string;
  readonly CreatedDate?: Date;
}

/**
 * The one Secrets Manager call the cache makes: sdkSecretsReader(client) over the SDK's client
 * (secrets-manager-sdk.ts), or the signed HTTPS request of secrets-manager-http.ts where init time counts.
 */
export interface SecretsManagerReader {
  getSecretValue(input: GetSecretValueInput): Promise<GetSecretValueOutput>;
}

/** Where functions read secret strings from: the cache below in Lambda, a fake in unit tests. */
export interface SecretSource {
  /**
   * The version of `secretId` at `stage`, or undefined when that stage does not exist (a secret that was
   * never rotated has no AWSPREVIOUS, and none has AWSPENDING outside a rotation). Throws
   * SecretUnavailableError for anything else, including a missing AWSCURRENT.
   */
  getSecretVersion(
    secretId: string,
    stage: SecretStage,
    options?: SecretReadOptions,
  ): Promise<SecretVersion | undefined>;
  /** The SecretString of getSecretVersion. */
  getSecretString(secretId: string, stage: SecretStage): Promise<string | undefined>;
  /** Forgets the cached value of one stage, e.g. after the database refused a credential. */
  invalidate(secretId: string, stage: SecretStage): void;
}

/** Seconds a failed fetch is remembered: during an outage, one Secrets Manager call per stage per this interval. */
export const DEFAULT_FAILURE_TTL_SECONDS = 5;
/**
 * Seconds after its fetch that a value may still be used while every refresh fails with throttling, a server
 * fault or a network error (a Secrets Manager outage). A refusal ends the value at once (see SecretCache).
 */
export const DEFAULT_MAX_STALE_SECONDS = 3600;

export interface SecretCacheOptions {
  /** How Secrets Manager is asked (SecretsManagerReader), created once per cold start. */
  readonly client: SecretsManagerReader;
  /** Seconds a value (or the absence of a stage) is reused before it is fetched again; 0 turns caching off. */
  readonly ttlSeconds: number;
  readonly clock: Clock;
  /** Seconds a failed fetch is remembered (capped at `ttlSeconds`). @default DEFAULT_FAILURE_TTL_SECONDS */
  readonly failureTtlSeconds?: number;
  /** Seconds a value may be served after its fetch while refreshes fail. @default DEFAULT_MAX_STALE_SECONDS */
  readonly maxStaleSeconds?: number;
  /** Told once per window while a stale value is served, e.g. to log a warning. @default nothing */
  readonly onStale?: (event: {
    readonly stage: SecretStage;
    readonly ageSeconds: number;
    readonly error: unknown;
  }) => void;
  /**
   * Told once per window and stage when Secrets Manager refuses a value (access denied, the secret deleted or
   * scheduled for deletion, its KMS key disabled or deleted, decryption failed), e.g. to log why requests now
   * fail. `reason` is the SDK error's name, never its message or the secret. @default nothing
   */
  readonly onRefused?: (event: { readonly stage: SecretStage; readonly reason: string }) => void;
}

/**
 * Secret values cached per secret id AND staging label. Powertools' SecretsProvider keys its cache by id
 * alone, so AWSPREVIOUS would come back as the cached AWSCURRENT value; this cache keeps the stages apart
 * and remembers that AWSPREVIOUS does not exist, so a secret never rotated costs one call per window, not
 * one per request. A failed fetch is remembered for a few seconds. Only throttling, a server fault or a
 * network error leaves the last value in use (for up to `maxStaleSeconds` after its fetch); a refusal ends it
 * when its window ends, so revoking access, deleting the secret or disabling its key stops a warm function
 * within one window.
 */
export class SecretCache implements SecretSource {
  private readonly cache: TtlCache<SecretVersion | undefined>;
  private readonly client: SecretsManagerReader;

  constructor(options: SecretCacheOptions) {
    this.client = options.client;
    const onStale = options.onStale;
    const onRefused = options.onRefused;
    this.cache = new TtlCache(options.ttlSeconds, options.clock, {
      failureTtlSeconds: Math.min(options.failureTtlSeconds ?? DEFAULT_FAILURE_TTL_SECONDS, options.ttlSeconds),
      maxStaleSeconds: options.ttlSeconds === 0 ? 0 : (options.maxStaleSeconds ?? DEFAULT_MAX_STALE_SECONDS),
      ...(onStale === undefined
        ? {}
        : {
            onStale: (event: StaleServed) =>
              onStale({ stage: stageOf(event.key), ageSeconds: event.ageSeconds, error: event.error }),
          }),
      isTransient: isTransientFailure,
      ...(onRefused === undefined
        ? {}
        : {
            onRefused: (event: LoadRefused) => onRefused({ stage: stageOf(event.key), reason: reasonOf(event.error) }),
          }),
    });
  }

  getSecretVersion(
    secretId: string,
    stage: SecretStage,
    options: SecretReadOptions = {},
  ): Promise<SecretVersion | undefined> {
    return this.cache.get(cacheKey(secretId, stage), () => this.fetch(secretId, stage), options);
  }

  async getSecretString(secretId: string, stage: SecretStage): Promise<string | undefined> {
    return (await this.getSecretVersion(secretId, stage))?.value;
  }

  invalidate(secretId: string, stage: SecretStage): void {
    this.cache.delete(cacheKey(secretId, stage));
  }

  private async fetch(secretId: string, stage: SecretStage): Promise<SecretVersion | undefined> {
    let output: GetSecretValueOutput;
    try {
      output = await this.client.getSecretValue({ SecretId: secretId, VersionStage: stage });
    } catch (error) {
      if (isNotFound(error)) {
        if (stage === 'AWSCURRENT') {
          // A failure, remembered only for the failure interval: a new secret gets its first value from its
          // first rotation, which may finish after the first requests arrive.
          throw new SecretUnavailableError('the secret has no AWSCURRENT version (yet)', { cause: error });
        }
        return undefined;
      }
      throw new SecretUnavailableError(`cannot read ${stage} of the secret`, { cause: error });
    }
    if (typeof output.SecretString !== 'string') {
      throw new SecretUnavailableError(`the ${stage} version of the secret has no SecretString`);
    }
    const created = output.CreatedDate === undefined ? Number.NaN : new Date(output.CreatedDate).getTime();
    return {
      value: output.SecretString,
      versionId: output.VersionId,
      createdAtMs: Number.isFinite(created) ? created : undefined,
    };
  }
}

const SEPARATOR = '\u0000';

function cacheKey(secretId: string, stage: SecretStage): string {
  return `${stage}${SEPARATOR}${secretId}`;
}

function stageOf(key: string): SecretStage {
  return key.slice(0, key.indexOf(SEPARATOR)) as SecretStage;
}

// Matched by name: the SDK is external to the bundle, and a second copy of its classes would defeat instanceof.
function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}

/** A fetch failure that may leave the last value in use: only an SDK failure that is not the service's refusal. */
function isTransientFailure(error: unknown): boolean {
  return (
    error instanceof SecretUnavailableError &&
    error.cause !== undefined &&
    classifyAwsError(error.cause) === 'transient'
  );
}

/** The name of the SDK error under a fetch failure (or of the failure itself): safe to log, unlike a message. */
function reasonOf(error: unknown): string {
  const cause = error instanceof SecretUnavailableError && error.cause !== undefined ? error.cause : error;
  return cause instanceof Error ? cause.name : typeof cause;
}
