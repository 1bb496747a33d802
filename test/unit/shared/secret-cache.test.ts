import type { GetSecretValueCommand, GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import { SecretUnavailableError } from '../../../functions/shared/errors';
import { SecretCache, type SecretsManagerReader } from '../../../functions/shared/secret-cache';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/dev/webhook-AbCdEf';

class NotFound extends Error {
  override name = 'ResourceNotFoundException';
}

/** A Secrets Manager stand-in answering from a table keyed by `id/stage`, recording every call. */
function fakeClient(table: Record<string, string | Error | GetSecretValueCommandOutput>) {
  const calls: Array<{ SecretId?: string; VersionStage?: string }> = [];
  const client: SecretsManagerReader = {
    async send(command: GetSecretValueCommand) {
      calls.push({ SecretId: command.input.SecretId, VersionStage: command.input.VersionStage });
      const answer = table[`${command.input.SecretId}/${command.input.VersionStage}`];
      if (answer === undefined) throw new NotFound('no such version');
      if (answer instanceof Error) throw answer;
      return typeof answer === 'string' ? ({ SecretString: answer } as GetSecretValueCommandOutput) : answer;
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

  it('does not remember a missing AWSCURRENT: a new secret gets its first value from its first rotation', async () => {
    const table: Record<string, string> = {};
    const { client, calls } = fakeClient(table);
    const cache = new SecretCache({ client, ttlSeconds: 300, clock: clockAt(0) });

    const before = await cache.getSecretString(ARN, 'AWSCURRENT').catch((error: unknown) => error);
    table[`${ARN}/AWSCURRENT`] = 'first value';
    const after = await cache.getSecretString(ARN, 'AWSCURRENT');

    expect(before).toBeInstanceOf(SecretUnavailableError);
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

  it('wraps other failures in SecretUnavailableError with the SDK error as cause, and does not cache them', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const table: Record<string, string | Error> = { [`${ARN}/AWSCURRENT`]: throttled };
    const { client, calls } = fakeClient(table);
    const cache = new SecretCache({ client, ttlSeconds: 300, clock: clockAt(0) });

    const failure = await cache.getSecretString(ARN, 'AWSCURRENT').catch((error: unknown) => error);
    table[`${ARN}/AWSCURRENT`] = 'recovered';
    const retried = await cache.getSecretString(ARN, 'AWSCURRENT');

    expect(failure).toBeInstanceOf(SecretUnavailableError);
    expect((failure as Error).cause).toBe(throttled);
    expect(retried).toBe('recovered');
    expect(calls).toHaveLength(2);
  });

  it('refuses a secret version that holds only SecretBinary', async () => {
    const { client } = fakeClient({
      [`${ARN}/AWSCURRENT`]: { SecretBinary: new Uint8Array([1]) } as GetSecretValueCommandOutput,
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
});
