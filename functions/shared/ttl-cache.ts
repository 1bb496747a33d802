import type { Clock } from './clock';

/** Behaviour beyond "reuse a value for `ttlSeconds`"; every option is off by default. */
export interface TtlCacheOptions {
  /**
   * Seconds a failed load is remembered: calls in that time get the same error without loading again, so an
   * outage of the source costs one load per this interval instead of one per call.
   * @default 0 (a failed load is forgotten at once)
   */
  readonly failureTtlSeconds?: number;
  /**
   * Seconds after it was loaded that a value may still be served when a refresh fails. The stale value is then
   * reused for one more window before the next refresh is tried.
   * @default 0 (a failing refresh fails the call)
   */
  readonly maxStaleSeconds?: number;
  /** Called each time a stale value is served because a refresh failed (at most once per window and key). */
  readonly onStale?: (event: StaleServed) => void;
  /**
   * Whether a failed load may leave the last value in use (`maxStaleSeconds`). A failure it rejects ends the
   * value at once: the next calls get the error until a load succeeds.
   * @default every failure (the value is kept through any error)
   */
  readonly isTransient?: (error: unknown) => boolean;
  /** Called when a load fails with a failure `isTransient` rejects, at most once per window and key. */
  readonly onRefused?: (event: LoadRefused) => void;
}

/** What `onRefused` is told: which key, and the failure that ended (or refused) its value. */
export interface LoadRefused {
  readonly key: string;
  readonly error: unknown;
}

/** What `onStale` is told: which key, how old the served value is, and why the refresh failed. */
export interface StaleServed {
  readonly key: string;
  readonly ageSeconds: number;
  readonly error: unknown;
}

/** Per-call limits on reuse. */
export interface GetOptions {
  /** Reload when the entry was checked longer ago than this, even within its window. @default the TTL */
  readonly maxAgeSeconds?: number;
}

type Entry<V> =
  | {
      readonly kind: 'value';
      readonly value: V;
      /** When the value was loaded from the source (its age for `maxStaleSeconds`). */
      readonly loadedAt: number;
      /** When the source was last asked for this key (a failed refresh counts). */
      readonly checkedAt: number;
      readonly expiresAt: number;
    }
  | { readonly kind: 'failure'; readonly error: unknown; readonly expiresAt: number };

/**
 * A map whose entries expire `ttlSeconds` after they were loaded. Concurrent misses for one key share a
 * single load. Optionally a failed load is remembered for a few seconds, and a value whose refresh fails is
 * served stale for a bounded time (see TtlCacheOptions).
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();
  /** Bumped by delete(), so a load that started before it cannot store its (possibly outdated) result. */
  private readonly generations = new Map<string, number>();
  /** When onRefused was last called per key, so a revoked value is reported once per window, not per call. */
  private readonly refusedReportedAt = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly maxStaleMs: number;

  constructor(
    ttlSeconds: number,
    private readonly clock: Clock,
    private readonly options: TtlCacheOptions = {},
  ) {
    this.ttlMs = ttlSeconds * 1000;
    this.failureTtlMs = (options.failureTtlSeconds ?? 0) * 1000;
    this.maxStaleMs = (options.maxStaleSeconds ?? 0) * 1000;
  }

  /** The cached value of `key` while fresh, else the result of `load` (then cached). */
  get(key: string, load: () => Promise<V>, getOptions: GetOptions = {}): Promise<V> {
    const now = this.clock.now();
    const entry = this.entries.get(key);
    if (entry !== undefined && now < entry.expiresAt) {
      if (entry.kind === 'failure') {
        return Promise.reject(entry.error);
      }
      const maxAgeMs = getOptions.maxAgeSeconds === undefined ? this.ttlMs : getOptions.maxAgeSeconds * 1000;
      if (now - entry.checkedAt < maxAgeMs) {
        return Promise.resolve(entry.value);
      }
    }
    const pending = this.loading.get(key);
    if (pending !== undefined) {
      return pending;
    }
    const generation = this.generations.get(key) ?? 0;
    const current = () => (this.generations.get(key) ?? 0) === generation;
    const loaded = load().then(
      (value) => {
        if (current()) {
          const at = this.clock.now();
          // A success closes the episode: a later refusal is news again.
          this.refusedReportedAt.delete(key);
          this.entries.set(key, { kind: 'value', value, loadedAt: at, checkedAt: at, expiresAt: at + this.ttlMs });
        }
        return value;
      },
      (error: unknown) => {
        if (!current()) {
          throw error;
        }
        const at = this.clock.now();
        const last = this.entries.get(key);
        const transient = this.options.isTransient?.(error) ?? true;
        if (!transient) {
          this.reportRefused(key, error, at);
        }
        if (transient && last?.kind === 'value' && at - last.loadedAt < this.maxStaleMs) {
          // Serve what we had for one more window (never past the stale bound), and say so once per window.
          this.entries.set(key, {
            ...last,
            checkedAt: at,
            expiresAt: Math.min(at + this.ttlMs, last.loadedAt + this.maxStaleMs),
          });
          this.options.onStale?.({ key, ageSeconds: Math.floor((at - last.loadedAt) / 1000), error });
          return last.value;
        }
        if (this.failureTtlMs > 0) {
          this.entries.set(key, { kind: 'failure', error, expiresAt: at + this.failureTtlMs });
        } else {
          this.entries.delete(key);
        }
        throw error;
      },
    );
    const settled = loaded.finally(() => {
      if (this.loading.get(key) === settled) {
        this.loading.delete(key);
      }
    });
    this.loading.set(key, settled);
    return settled;
  }

  private reportRefused(key: string, error: unknown, at: number): void {
    const reported = this.refusedReportedAt.get(key);
    if (reported !== undefined && at - reported < this.ttlMs) {
      return;
    }
    this.refusedReportedAt.set(key, at);
    this.options.onRefused?.({ key, error });
  }

  /**
   * Forgets `key`, so the next `get` loads it again. A load already in flight still answers its own callers
   * but stores nothing: its result may be the very value the caller just found to be outdated.
   */
  delete(key: string): void {
    this.entries.delete(key);
    this.loading.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }
}
