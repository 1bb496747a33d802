// The webhook alarms count log lines with CloudWatch Logs metric filters: run the real handler with the real
// Powertools logger and check each JSON line it writes matches exactly the filters it should.
import { SecretUnavailableError } from '../../../functions/shared/errors';
import { createHandler } from '../../../functions/webhook/handler';
import { WEBHOOK_LOG_METRICS } from '../../../lib/constructs/webhook-alarms';
import { capturingLogger } from '../shared/capture-logs';
import { FakeSecrets, urlEvent, webhookConfig } from '../webhook/fakes';
import { secretFor, signedHeaders } from '../webhook/signers';
import { metricsCounted } from './filter-pattern';

const NOW_MS = 1_760_000_000_000;
const body = '{"event":"ping"}';
const current = secretFor('github', 'current');

async function metricsCountedFor(secrets: FakeSecrets, headers: Record<string, string>): Promise<string[]> {
  const capture = capturingLogger();
  try {
    const handler = createHandler({
      config: webhookConfig('github'),
      secrets,
      clock: { now: () => NOW_MS },
      logger: capture.logger,
    });
    await handler(urlEvent({ headers, body, timeEpoch: NOW_MS }));
  } finally {
    capture.restore();
  }
  const counted = metricsCounted(
    WEBHOOK_LOG_METRICS,
    capture.lines().map((line) => JSON.parse(line) as Record<string, unknown>),
  );
  expect(counted).toHaveLength(1);
  return counted[0] ?? [];
}

describe('webhook log metric filters', () => {
  it('count a signed delivery as accepted only', async () => {
    const headers = signedHeaders('github', current, body, NOW_MS / 1000);

    expect(await metricsCountedFor(new FakeSecrets({ AWSCURRENT: current }), headers)).toEqual(['WebhookAccepted']);
  });

  it('count a bad signature as rejected and unauthorized (the 401 alarm)', async () => {
    const headers = signedHeaders('github', secretFor('github', 'previous'), body, NOW_MS / 1000);

    expect(await metricsCountedFor(new FakeSecrets({ AWSCURRENT: current }), headers)).toEqual([
      'WebhookRejected',
      'WebhookUnauthorized',
    ]);
  });

  it('count an unreadable secret as failed and unavailable (the 503 alarm)', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: new SecretUnavailableError('denied') });
    const headers = signedHeaders('github', current, body, NOW_MS / 1000);

    expect(await metricsCountedFor(secrets, headers)).toEqual(['WebhookFailed', 'WebhookUnavailable']);
  });
});
