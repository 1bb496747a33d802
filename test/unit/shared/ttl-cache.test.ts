import { TtlCache } from '../../../functions/shared/ttl-cache';

function clockAt(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A load the test finishes by hand, to interleave other calls with it. */
function deferred<V>() {
  let resolve!: (value: V) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<V>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('TtlCache', () => {
  it('does not cache the result of a load that was in flight when the key was deleted', async () => {
    // Arrange: a load of the old value starts, then the caller learns the value is outdated.
    const cache = new TtlCache<string>(300, clockAt(0));
    const oldLoad = deferred<string>();
    const first = cache.get('k', () => oldLoad.promise);

    // Act
    cache.delete('k');
    oldLoad.resolve('old');
    const answeredToFirst = await first;
    const next = await cache.get('k', async () => 'new');

    // Assert
    expect(answeredToFirst).toBe('old');
    expect(next).toBe('new');
  });

  it('starts a new load after delete instead of joining the one in flight', async () => {
    const cache = new TtlCache<string>(300, clockAt(0));
    const oldLoad = deferred<string>();
    const loads: string[] = [];
    void cache.get('k', () => {
      loads.push('old');
      return oldLoad.promise;
    });

    cache.delete('k');
    const fresh = cache.get('k', async () => {
      loads.push('new');
      return 'new';
    });
    oldLoad.resolve('old');

    expect(await fresh).toBe('new');
    expect(loads).toEqual(['old', 'new']);
    // The late old load did not overwrite the new entry.
    expect(await cache.get('k', async () => 'unused')).toBe('new');
  });

  it('does not let a failed load that was in flight during delete leave a remembered failure', async () => {
    const cache = new TtlCache<string>(300, clockAt(0), { failureTtlSeconds: 5 });
    const load = deferred<string>();
    const first = cache.get('k', () => load.promise);

    cache.delete('k');
    load.reject(new Error('down'));
    await first.catch(() => undefined);

    expect(await cache.get('k', async () => 'up')).toBe('up');
  });

  it('shares one load between concurrent callers', async () => {
    const cache = new TtlCache<number>(300, clockAt(0));
    let loads = 0;
    const load = async () => {
      loads += 1;
      return loads;
    };

    const values = await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);

    expect(values).toEqual([1, 1, 1]);
    expect(loads).toBe(1);
  });

  it('remembers a failure for failureTtlSeconds and then loads again', async () => {
    const clock = clockAt(0);
    const cache = new TtlCache<string>(300, clock, { failureTtlSeconds: 5 });
    let loads = 0;
    const failing = async (): Promise<string> => {
      loads += 1;
      throw new Error('down');
    };

    await cache.get('k', failing).catch(() => undefined);
    clock.advance(4_999);
    await cache.get('k', failing).catch(() => undefined);
    clock.advance(1);
    await cache.get('k', failing).catch(() => undefined);

    expect(loads).toBe(2);
  });
});
