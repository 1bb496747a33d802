import type { GetParameterCommand, GetParameterCommandOutput } from '@aws-sdk/client-ssm';
import { ParameterUnavailableError } from '../../../functions/shared/errors';
import { ParameterCache, type SsmReader } from '../../../functions/shared/parameter-cache';

function fakeSsm(answer: () => GetParameterCommandOutput) {
  const calls: Array<{ Name?: string; WithDecryption?: boolean }> = [];
  const client: SsmReader = {
    async send(command: GetParameterCommand) {
      calls.push({ Name: command.input.Name, WithDecryption: command.input.WithDecryption });
      return answer();
    },
  };
  return { client, calls };
}

describe('ParameterCache', () => {
  it('asks SSM to decrypt and reuses the value within the window', async () => {
    // Arrange
    const { client, calls } = fakeSsm(
      () => ({ Parameter: { Value: '{"greeting":"hi"}' } }) as GetParameterCommandOutput,
    );
    const cache = new ParameterCache({ client, ttlSeconds: 60, clock: { now: () => 0 } });

    // Act
    const first = await cache.getParameter('/app/dev/app/config');
    const second = await cache.getParameter('/app/dev/app/config');

    // Assert
    expect([first, second]).toEqual(['{"greeting":"hi"}', '{"greeting":"hi"}']);
    expect(calls).toEqual([{ Name: '/app/dev/app/config', WithDecryption: true }]);
  });

  it('refetches after the window', async () => {
    let now = 0;
    const { client, calls } = fakeSsm(() => ({ Parameter: { Value: 'v' } }) as GetParameterCommandOutput);
    const cache = new ParameterCache({ client, ttlSeconds: 60, clock: { now: () => now } });

    await cache.getParameter('p');
    now = 60_000;
    await cache.getParameter('p');

    expect(calls).toHaveLength(2);
  });

  it('wraps SDK failures in ParameterUnavailableError with the cause', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    const { client } = fakeSsm(() => {
      throw denied;
    });
    const cache = new ParameterCache({ client, ttlSeconds: 60, clock: { now: () => 0 } });

    const failure = await cache.getParameter('p').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ParameterUnavailableError);
    expect((failure as Error).cause).toBe(denied);
  });

  it('refuses an answer without a value', async () => {
    const { client } = fakeSsm(() => ({}) as GetParameterCommandOutput);
    const cache = new ParameterCache({ client, ttlSeconds: 60, clock: { now: () => 0 } });

    await expect(cache.getParameter('p')).rejects.toBeInstanceOf(ParameterUnavailableError);
  });
});
