import type { Clock } from './clock';

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * A map whose entries expire `ttlSeconds` after they were loaded. Concurrent misses for one key share a
 * single load; failed loads are not remembered, so the next call tries again.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();
  private readonly ttlMs: number;

  constructor(
    ttlSeconds: number,
    private readonly clock: Clock,
  ) {
    this.ttlMs = ttlSeconds * 1000;
  }

  /** The cached value of `key` while fresh, else the result of `load` (then cached). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry !== undefined && this.clock.now() < entry.expiresAt) {
      return Promise.resolve(entry.value);
    }
    const pending = this.loading.get(key);
    if (pending !== undefined) {
      return pending;
    }
    const loaded = load()
      .then((value) => {
        this.entries.set(key, { value, expiresAt: this.clock.now() + this.ttlMs });
        return value;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, loaded);
    return loaded;
  }

  /** Forgets `key`, so the next `get` loads it again. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
