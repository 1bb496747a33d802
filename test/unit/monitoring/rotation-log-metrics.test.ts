// The dashboard's rotation outcomes are counted from the rotation functions' JSON logs: run the real rotation
// handler with the real Powertools logger and check which lines the metric filters count.
import { randomSecretSteps } from '../../../functions/rotate-random-secret/steps';
import { createRotationHandler } from '../../../functions/shared/rotation/create-rotation-handler';
import { powertoolsRotationLogger } from '../../../functions/shared/rotation/rotation-logger';
import { ROTATION_LOG_METRICS } from '../../../lib/constructs/log-metrics';
import { InMemorySecretStore } from '../rotation/in-memory-secret-store';
import { capturingLogger } from '../shared/capture-logs';
import { metricsCounted } from './filter-pattern';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:webhook-AbCdEf';
const TOKEN = '6c5d3f3e-8a43-4f4e-9d0b-3a4b5c6d7e8f';

async function countedWhileRotating(store: InMemorySecretStore, steps: readonly string[]): Promise<string[]> {
  const capture = capturingLogger();
  try {
    const logger = powertoolsRotationLogger(capture.logger.powertools);
    const handler = createRotationHandler({ versions: store, steps: randomSecretSteps, logger });
    for (const Step of steps) await handler({ Step, SecretId: ARN, ClientRequestToken: TOKEN }).catch(() => {});
  } finally {
    capture.restore();
  }
  const lines = capture.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
  return metricsCounted(ROTATION_LOG_METRICS, lines).flat();
}

describe('rotation log metric filters', () => {
  it('count one finished rotation for the four steps of a successful one', async () => {
    const store = new InMemorySecretStore(ARN);
    store.stagePending(TOKEN);

    const counted = await countedWhileRotating(store, ['createSecret', 'setSecret', 'testSecret', 'finishSecret']);

    expect(counted).toEqual(['RotationFinished']);
  });

  it('count a failed step and no finished rotation when a step fails', async () => {
    // No AWSPENDING version: createSecret fails, as when RotateSecret was not the caller.
    const store = new InMemorySecretStore(ARN);

    const counted = await countedWhileRotating(store, ['createSecret']);

    expect(counted).toEqual(['RotationStepFailed']);
  });
});
