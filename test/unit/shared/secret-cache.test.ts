import { SecretUnavailableError } from '../../../functions/shared/errors';
import {
  DEFAULT_FAILURE_TTL_SECONDS,
  type GetSecretValueOutput,
  SecretCache,
  type SecretsManagerReader,
} from '../../../functions/shared/secret-cache';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/dev/webhook-AbCdEf';

class NotFound extends Error {
  override name = 'ResourceNotFoundException';
}

/** A Secrets Manager stand-in answering from a table keyed by `id/stage`, recording every call. */
function fakeClient(table: Record<string, string | Error | GetSecretValueOutput>) {
  const calls: Array<{ SecretId?: string; VersionStage?: string }> = [];
  const client: SecretsManagerReader = {
    async getSecretValue(input) {
      calls.push({ SecretId: input.SecretId, VersionStage: input.VersionStage });
      const answer = table[`${input.SecretId}/${input.VersionStage}`];
      if (answer === undefined) throw new NotFound('no such version');
      if (answer instanceof Error) throw answer;
      return typeof answer === 'string' ? { SecretString: answer } : answer;
    },
  };
  return { client, calls };
}

function clockAt(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('SecretCache', () => {
  it('fetches a stage once per cache window', async () => {
    // Arrange
    const { client, calls } = fakeClient({ [`${ARN}/AWSCURRENT`]: 'current' });
    const cache = new SecretCache({ client, ttlSeconds: 300, clock: clockAt(0) });

    // Act
    const values = [await cache.getSecretString(ARN, 'AWSCURRENT'), await cache.getSecretString(ARN, 'AWSCURRENT')];

    // Assert
    expect(values).toEqual(['current', 'current']);
    expect(calls).toEqual([{ SecretId: ARN, VersionStage: 'AWSCURRENT' }]);
  });

  it('keeps AWSCURRENT and AWSPREVIOUS of one secret apart (the Powertools SecretsProvider pitfall)', async () => {
    const { client } = fakeClient({ [`${ARN}/AWSCURRENT`]: 'new', [`${ARN}/AWSPREVIOUS`]: 'old' });
    const cache = new SecretCache({ client, ttlSeconds: 300, clock: clockAt(0) });

    const current = await cache.getSecretString(ARN, 'AWSCURRENT');
    const previous = await cache.getSecretString(ARN, 'AWSPREVIOUS');

    expect([current, previous]).toEqual(['new', 'old']);
  });

  it('keeps secrets with different ids apart', async () => {
    const { client } = fakeClient({ 'a/AWSCURRENT': 'A', 'b/AWSCURRENT': 'B' });
    const cache = new SecretCache({ client, ttlSeconds: 300, clock: clockAt(0) });

    expect([await cache.getSecretString('a', 'AWSCURRENT'), await cache.getSecretString('b', 'AWSCURRENT')]).toEqual([
      'A',
      'B',
    ]);
  });

  it('remembers that AWSPREVIOUS does not exist instead of asking on every request', async () => {
    const { client, calls } = fakeClient({ [`${ARN}/AWSCURRENT`]: 'only' });
    const cache = new SecretCache({ client, ttlSeconds: 300, clock: clockAt(0) });

    const first = await cache.getSecretString(ARN, 'AWSPREVIOUS');
    const second = await cache.getSecretString(ARN, 'AWSPREVIOUS');

    expect([first, second]).toEqual([undefined, undefined]);
    expect(calls).toHaveLength(1);
  });

  it('remembers a missing AWSCURRENT only for the failure interval: a new secret gets its first value soon', async () => {
    const table: Record<string, string> = {};
    const { client, calls } = fakeClient(table);
    const clock = clockAt(0);
    const cache = new SecretCache({ client, ttlSeconds: 300, clock, failureTtlSeconds: 5 });

    const before = await cache.getSecretString(ARN, 'AWSCURRENT').catch((error: unknown) => error);
    table[`${ARN}/AWSCURRENT`] = 'first value';
    const within = await cache.getSecretString(ARN, 'AWSCURRENT').catch((error: unknown) => error);
    clock.advance(5_000);
    const after = await cache.getSecretString(ARN, 'AWSCURRENT');

    expect(before).toBeInstanceOf(SecretUnavailableError);
    expect(within).toBe(before);
    expect(after).toBe('first value');
    expect(calls).toHaveLength(2);
  });

  it('fetches again once the window has passed, and not a millisecond before', async () => {
    const { client, calls } = fakeClient({ [`${ARN}/AWSCURRENT`]: 'v' });
    const clock = clockAt(1_000);
    const cache = new SecretCache({ client, ttlSeconds: 300, clock });
    await cache.getSecretString(ARN, 'AWSCURRENT');

    clock.advance(299_999);
    await cache.getSecretString(ARN, 'AWSCURRENT');
    const callsBeforeExpiry = calls.length;
    clock.advance(1);
    await cache.getSecretString(ARN, 'AWSCURRENT');

    expect(callsBeforeExpiry).toBe(1);
    expect(calls).toHaveLength(2);
  });

  it('does not cache at all with a TTL of 0', async () => {
    const { client, calls } = fakeClient({ [`${ARN}/AWSCURRENT`]: 'v' });
    const cache = new SecretCache({ client, ttlSeconds: 0, clock: clockAt(0) });

    await cache.getSecretString(ARN, 'AWSCURRENT');
    await cache.getSecretString(ARN, 'AWSCURRENT');

    expect(calls).toHaveLength(2);
  });

  it('shares one call between concurrent requests for the same stage', async () => {
    const { client, calls } = fakeClient({ [`${ARN}/AWSCURRENT`]: 'v' });
    const cache = new SecretCache({ client, ttlSeconds: 300, clock: clockAt(0) });

    await Promise.all([1, 2, 3].map(() => cache.getSecretString(ARN, 'AWSCURRENT')));

    expect(calls).toHaveLength(1);
  });

  it('wraps other failures in SecretUnavailableError with the SDK error as cause, and retries after the interval', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const table: Record<string, string | Error> = { [`${ARN}/AWSCURRENT`]: throttled };
    const { client, calls } = fakeClient(table);
    const clock = clockAt(0);
    const cache = new SecretCache({ client, ttlSeconds: 300, clock });

    const failure = await cache.getSecretString(ARN, 'AWSCURRENT').catch((error: unknown) => error);
    table[`${ARN}/AWSCURRENT`] = 'recovered';
    clock.advance(DEFAULT_FAILURE_TTL_SECONDS * 1000);
    const retried = await cache.getSecretString(ARN, 'AWSCURRENT');

    expect(failure).toBeInstanceOf(SecretUnavailableError);
    expect((failure as Error).cause).toBe(throttled);
    expect(retried).toBe('recovered');
    expect(calls).toHaveLength(2);
  });

  it('during an outage, 50 requests spread over 20 s cost at most 5 calls, and every one fails', async () => {
    // Arrange
    const down = Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError' });
    const { client, calls } = fakeClient({ [`${ARN}/AWSCURRENT`]: down });
    const clock = clockAt(0);
    const cache = new SecretCache({ client, ttlSeconds: 300, clock });

    // Act
    const outcomes: unknown[] = [];
    for (let request = 0; request < 50; request += 1) {
      outcomes.push(await cache.getSecretString(ARN, 'AWSCURRENT').catch((error: unknown) => error));
      clock.advance(400);
    }

    // Assert
    expect(outcomes.every((outcome) => outcome instanceof SecretUnavailableError)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(5);
    expect(calls.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps the last good value for a window when a refresh fails, and tells onStale once per window', async () => {
    // Arrange
    const table: Record<string, string | Error> = { [`${ARN}/AWSCURRENT`]: 'good' };
    const { client, calls } = fakeClient(table);
    const clock = clockAt(0);
    const stale: Array<{ stage: string; ageSeconds: number }> = [];
    const cache = new SecretCache({
      client,
      ttlSeconds: 300,
      clock,
      onStale: ({ stage, ageSeconds }) => stale.push({ stage, ageSeconds }),
    });
    await cache.getSecretString(ARN, 'AWSCURRENT');
    table[`${ARN}/AWSCURRENT`] = Object.assign(new Error('Service Unavailable'), { name: 'InternalServiceError' });

    // Act: the first window ends; many requests in the next one; then the one after.
    clock.advance(300_000);
    const served = [];
    for (let request = 0; request < 20; request += 1) {
      served.push(await cache.getSecretString(ARN, 'AWSCURRENT'));
      clock.advance(1_000);
    }
    clock.advance(300_000);
    served.push(await cache.getSecretString(ARN, 'AWSCURRENT'));

    // Assert
    expect(served.every((value) => value === 'good')).toBe(true);
    expect(calls).toHaveLength(3);
    expect(stale).toEqual([
      { stage: 'AWSCURRENT', ageSeconds: 300 },
      { stage: 'AWSCURRENT', ageSeconds: 620 },
    ]);
  });

  it('stops serving the last good value once it is older than maxStaleSeconds', async () => {
    const table: Record<string, string | Error> = { [`${ARN}/AWSCURRENT`]: 'good' };
    const { client } = fakeClient(table);
    const clock = clockAt(0);
    const cache = new SecretCache({ client, ttlSeconds: 300, clock, maxStaleSeconds: 3600 });
    await cache.getSecretString(ARN, 'AWSCURRENT');
    table[`${ARN}/AWSCURRENT`] = Object.assign(new Error('Service Unavailable'), { name: 'InternalServiceError' });

    clock.advance(3_599_000);
    const lastStale = await cache.getSecretString(ARN, 'AWSCURRENT');
    clock.advance(1_000);
    const expired = await cache.getSecretString(ARN, 'AWSCURRENT').catch((error: unknown) => error);

    expect(lastStale).toBe('good');
    expect(expired).toBeInstanceOf(SecretUnavailableError);
  });

  it('returns to fresh values as soon as a refresh succeeds again', async () => {
    const table: Record<string, string | Error> = { [`${ARN}/AWSCURRENT`]: 'old' };
    const { client } = fakeClient(table);
    const clock = clockAt(0);
    const cache = new SecretCache({ client, ttlSeconds: 300, clock });
    await cache.getSecretString(ARN, 'AWSCURRENT');
    table[`${ARN}/AWSCURRENT`] = Object.assign(new Error('down'), { name: 'InternalServiceError' });
    clock.advance(300_000);
    await cache.getSecretString(ARN, 'AWSCURRENT');

    table[`${ARN}/AWSCURRENT`] = 'new';
    clock.advance(300_000);

    expect(await cache.getSecretString(ARN, 'AWSCURRENT')).toBe('new');
  });

  it('asks again inside the window when the caller sets a shorter maxAgeSeconds, at most once per that age', async () => {
    const table: Record<string, string> = {};
    const { client, calls } = fakeClient(table);
    const clock = clockAt(0);
    const cache = new SecretCache({ client, ttlSeconds: 300, clock });
    await cache.getSecretVersion(ARN, 'AWSPENDING', { maxAgeSeconds: 10 });
    table[`${ARN}/AWSPENDING`] = 'pending';

    clock.advance(9_999);
    const tooSoon = await cache.getSecretVersion(ARN, 'AWSPENDING', { maxAgeSeconds: 10 });
    clock.advance(1);
    const refreshed = await cache.getSecretVersion(ARN, 'AWSPENDING', { maxAgeSeconds: 10 });

    expect(tooSoon).toBeUndefined();
    expect(refreshed?.value).toBe('pending');
    expect(calls).toHaveLength(2);
  });

  it('reports the version id and creation time Secrets Manager returns', async () => {
    const { client } = fakeClient({
      [`${ARN}/AWSCURRENT`]: {
        SecretString: 's',
        VersionId: 'v-1',
        CreatedDate: new Date('2026-11-01T00:00:00Z'),
      },
    });
    const cache = new SecretCache({ client, ttlSeconds: 300, clock: clockAt(0) });

    expect(await cache.getSecretVersion(ARN, 'AWSCURRENT')).toEqual({
      value: 's',
      versionId: 'v-1',
      createdAtMs: Date.parse('2026-11-01T00:00:00Z'),
    });
  });

  it('does not remember failures either with a TTL of 0 (cache off)', async () => {
    const { client, calls } = fakeClient({ [`${ARN}/AWSCURRENT`]: new Error('down') });
    const cache = new SecretCache({ client, ttlSeconds: 0, clock: clockAt(0) });

    await cache.getSecretString(ARN, 'AWSCURRENT').catch(() => undefined);
    await cache.getSecretString(ARN, 'AWSCURRENT').catch(() => undefined);

    expect(calls).toHaveLength(2);
  });

  it('refuses a secret version that holds only SecretBinary', async () => {
    const { client } = fakeClient({
      // What the HTTPS reader returns for a binary secret (SecretBinary only): no SecretString.
      [`${ARN}/AWSCURRENT`]: { VersionId: 'v-1' },
    });
    const cache = new SecretCache({ client, ttlSeconds: 300, clock: clockAt(0) });

    await expect(cache.getSecretString(ARN, 'AWSCURRENT')).rejects.toBeInstanceOf(SecretUnavailableError);
  });

  it('fetches one stage again after invalidate, leaving the other cached', async () => {
    const { client, calls } = fakeClient({ [`${ARN}/AWSCURRENT`]: 'c', [`${ARN}/AWSPREVIOUS`]: 'p' });
    const cache = new SecretCache({ client, ttlSeconds: 300, clock: clockAt(0) });
    await cache.getSecretString(ARN, 'AWSCURRENT');
    await cache.getSecretString(ARN, 'AWSPREVIOUS');

    cache.invalidate(ARN, 'AWSCURRENT');
    await cache.getSecretString(ARN, 'AWSCURRENT');
    await cache.getSecretString(ARN, 'AWSPREVIOUS');

    expect(calls.map((c) => c.VersionStage)).toEqual(['AWSCURRENT', 'AWSPREVIOUS', 'AWSCURRENT']);
  });

  describe('after a refresh fails', () => {
    /** SDK-shaped errors: a name, and the service's answer where there was one. */
    function sdkError(name: string, fields: Record<string, unknown> = {}): Error {
      return Object.assign(new Error('message text is never read'), { name, ...fields });
    }

    const transient: Array<[string, Error]> = [
      ['throttling', sdkError('ThrottlingException', { $fault: 'client', $metadata: { httpStatusCode: 400 } })],
      ['HTTP 429', sdkError('SomethingNew', { $fault: 'client', $metadata: { httpStatusCode: 429 } })],
      ['a 5xx answer', sdkError('InternalServiceError', { $fault: 'server', $metadata: { httpStatusCode: 500 } })],
      ['a server fault of a new name', sdkError('Unheard', { $fault: 'server', $metadata: { httpStatusCode: 503 } })],
      ['a request timeout', sdkError('TimeoutError')],
      ['a reset connection', sdkError('Error', { code: 'ECONNRESET' })],
      ['an unresolvable endpoint', sdkError('Error', { code: 'ENOTFOUND' })],
    ];
    const refused: Array<[string, Error]> = [
      ['access denied', sdkError('AccessDeniedException', { $fault: 'client', $metadata: { httpStatusCode: 400 } })],
      [
        'a deleted secret',
        sdkError('ResourceNotFoundException', { $fault: 'client', $metadata: { httpStatusCode: 400 } }),
      ],
      [
        'a secret scheduled for deletion',
        sdkError('InvalidRequestException', { $fault: 'client', $metadata: { httpStatusCode: 400 } }),
      ],
      ['a failed decryption', sdkError('DecryptionFailure', { $fault: 'client', $metadata: { httpStatusCode: 400 } })],
      [
        'a disabled key',
        sdkError('KMSInvalidStateException', { $fault: 'client', $metadata: { httpStatusCode: 400 } }),
      ],
      ['a deleted key', sdkError('KMSNotFoundException', { $fault: 'client', $metadata: { httpStatusCode: 400 } })],
      [
        'access denied to the key',
        sdkError('KMSAccessDeniedException', { $fault: 'client', $metadata: { httpStatusCode: 400 } }),
      ],
      ['an unknown failure without an answer', sdkError('Error')],
    ];

    async function warmThenFail(error: Error) {
      const table: Record<string, string | Error> = { [`${ARN}/AWSCURRENT`]: 'leaked' };
      const { client } = fakeClient(table);
      const clock = clockAt(0);
      const refusals: Array<{ stage: string; reason: string }> = [];
      const cache = new SecretCache({ client, ttlSeconds: 300, clock, onRefused: (event) => refusals.push(event) });
      await cache.getSecretString(ARN, 'AWSCURRENT');
      table[`${ARN}/AWSCURRENT`] = error;
      clock.advance(299_999);
      const insideWindow = await cache.getSecretString(ARN, 'AWSCURRENT');
      clock.advance(1);
      const afterWindow = await cache.getSecretString(ARN, 'AWSCURRENT').catch((failure: unknown) => failure);
      return { insideWindow, afterWindow, refusals, clock, cache };
    }

    it.each(transient)('keeps serving the last value through %s', async (_, error) => {
      const { insideWindow, afterWindow, refusals } = await warmThenFail(error);

      expect(insideWindow).toBe('leaked');
      expect(afterWindow).toBe('leaked');
      expect(refusals).toEqual([]);
    });

    it.each(refused)('stops serving the last value when its window ends after %s', async (_, error) => {
      const { insideWindow, afterWindow, refusals } = await warmThenFail(error);

      expect(insideWindow).toBe('leaked');
      expect(afterWindow).toBeInstanceOf(SecretUnavailableError);
      expect((afterWindow as Error).cause).toBe(error);
      expect(refusals).toEqual([{ stage: 'AWSCURRENT', reason: error.name }]);
    });

    it('reports a refusal once per window however many requests fail, and never the message', async () => {
      // Arrange
      const denied = sdkError('AccessDeniedException', { $fault: 'client', $metadata: { httpStatusCode: 400 } });
      const { refusals, clock, cache } = await warmThenFail(denied);

      // Act: 100 requests over the rest of the window, then one in the next window.
      for (let request = 0; request < 100; request += 1) {
        clock.advance(2_990);
        await cache.getSecretString(ARN, 'AWSCURRENT').catch(() => undefined);
      }
      clock.advance(10_000);
      await cache.getSecretString(ARN, 'AWSCURRENT').catch(() => undefined);

      // Assert
      expect(refusals).toEqual([
        { stage: 'AWSCURRENT', reason: 'AccessDeniedException' },
        { stage: 'AWSCURRENT', reason: 'AccessDeniedException' },
      ]);
      expect(JSON.stringify(refusals)).not.toContain('message text');
    });

    it('serves again as soon as access comes back', async () => {
      const table: Record<string, string | Error> = { [`${ARN}/AWSCURRENT`]: 'v1' };
      const { client } = fakeClient(table);
      const clock = clockAt(0);
      const cache = new SecretCache({ client, ttlSeconds: 300, clock });
      await cache.getSecretString(ARN, 'AWSCURRENT');
      table[`${ARN}/AWSCURRENT`] = sdkError('AccessDeniedException');
      clock.advance(300_000);
      await cache.getSecretString(ARN, 'AWSCURRENT').catch(() => undefined);

      table[`${ARN}/AWSCURRENT`] = 'v2';
      clock.advance(DEFAULT_FAILURE_TTL_SECONDS * 1000);

      expect(await cache.getSecretString(ARN, 'AWSCURRENT')).toBe('v2');
    });
  });
});
