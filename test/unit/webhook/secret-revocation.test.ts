// A revoked signing secret stops verifying deliveries within one cache window (issue "Trust, second pass",
// revocation): only throttling, server faults and network errors may keep a warm function on its last value.
import type { SecretsManagerReader } from '../../../functions/shared/secret-cache';
import { createHandler, signingSecretCache } from '../../../functions/webhook/handler';
import { capturingLogger } from '../shared/capture-logs';
import { urlEvent, webhookConfig } from './fakes';
import { secretFor, signedHeaders } from './signers';

const NOW_MS = 1_760_000_000_000;
const body = '{"action":"opened"}';

function clockAt(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function secretsManager(table: Record<string, string | Error>) {
  const client: SecretsManagerReader = {
    async getSecretValue(input) {
      const answer = table[input.VersionStage];
      if (answer === undefined) throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
      if (answer instanceof Error) throw answer;
      return {
        SecretString: answer,
        VersionId: 'v1',
        CreatedDate: new Date(NOW_MS - 86_400_000 * 2),
      };
    },
  };
  return client;
}

describe('a warm webhook function after its signing secret is revoked', () => {
  const leaked = secretFor('github', 'leaked');
  const revocations: Array<[string, Error]> = [
    ['access is denied', Object.assign(new Error('x'), { name: 'AccessDeniedException', $fault: 'client' })],
    ['the secret is deleted', Object.assign(new Error('x'), { name: 'ResourceNotFoundException', $fault: 'client' })],
    ['its key is disabled', Object.assign(new Error('x'), { name: 'DecryptionFailure', $fault: 'client' })],
  ];

  it.each(revocations)(
    'answers 503 once the window ends after %s, and logs the reason once per window',
    async (_, error) => {
      // Arrange: a delivery warms the cache.
      const table: Record<string, string | Error> = { AWSCURRENT: leaked };
      const clock = clockAt(NOW_MS);
      const logs = capturingLogger();
      try {
        const config = webhookConfig('github', { cacheTtlSeconds: 300 });
        const handler = createHandler({
          config,
          secrets: signingSecretCache(secretsManager(table), config, clock, logs.logger),
          clock,
          logger: logs.logger,
        });
        const delivery = () =>
          handler(
            urlEvent({
              headers: signedHeaders('github', leaked, body, clock.now() / 1000),
              body,
              timeEpoch: clock.now(),
            }),
          );
        await delivery();
        table.AWSCURRENT = error;

        // Act: forged deliveries signed with the leaked value, every 10 s for two more windows.
        const statuses: number[] = [];
        for (let request = 0; request < 60; request += 1) {
          clock.advance(10_000);
          statuses.push((await delivery()).statusCode);
        }

        // Assert
        expect(statuses.slice(0, 29).every((status) => status === 200)).toBe(true);
        expect(statuses.slice(30).every((status) => status === 503)).toBe(true);
        const refusals = logs
          .lines()
          .map((line) => JSON.parse(line))
          .filter((line) => line.reason === 'secret_refused');
        expect(refusals).toHaveLength(2);
        expect(refusals[0]).toMatchObject({ level: 'ERROR', stage: 'AWSCURRENT', errorName: error.name });
        expect(logs.lines().join('\n')).not.toContain(leaked);
      } finally {
        logs.restore();
      }
    },
  );
});
