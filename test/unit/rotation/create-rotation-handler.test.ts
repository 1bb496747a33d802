import { randomSecretSteps } from '../../../functions/rotate-random-secret/steps';
import { createRotationHandler } from '../../../functions/shared/rotation/create-rotation-handler';
import type { RotationLogFields, RotationLogger } from '../../../functions/shared/rotation/rotation-logger';
import { InMemorySecretStore } from './in-memory-secret-store';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:webhook-AbCdEf';
const TOKEN = '6c5d3f3e-8a43-4f4e-9d0b-3a4b5c6d7e8f';

function capturingLogger(): RotationLogger & { lines: { message: string; fields: RotationLogFields }[] } {
  const lines: { message: string; fields: RotationLogFields }[] = [];
  return {
    lines,
    info: (message, fields) => lines.push({ message, fields }),
    error: (message, fields) => lines.push({ message, fields }),
  };
}

function setUp(store = new InMemorySecretStore(ARN)) {
  const logger = capturingLogger();
  const handler = createRotationHandler({ versions: store, steps: randomSecretSteps, logger });
  const run = (Step: string, token = TOKEN) => handler({ Step, SecretId: ARN, ClientRequestToken: token });
  return { store, logger, run };
}

describe('createRotationHandler', () => {
  it('gives a secret with no AWSCURRENT its first value, made current without RemoveFromVersionId', async () => {
    const { store, run } = setUp();
    store.stagePending(TOKEN);

    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) await run(step);

    expect(store.versions.get(TOKEN)).toEqual({ stages: ['AWSPENDING', 'AWSCURRENT'], value: 'R'.repeat(64) });
    expect(store.calls).toContain('UpdateSecretVersionStage(from=none)');
  });

  it('moves AWSCURRENT from the version that holds it and marks that one AWSPREVIOUS', async () => {
    const { store, run } = setUp();
    store.versions.set('v1', { stages: ['AWSCURRENT'], value: 'old' });
    store.stagePending(TOKEN);

    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) await run(step);

    expect(store.versions.get('v1')?.stages).toEqual(['AWSPREVIOUS']);
    expect(store.calls).toContain('UpdateSecretVersionStage(from=v1)');
  });

  it('does nothing but describe when the token is already AWSCURRENT', async () => {
    const { store, run, logger } = setUp();
    store.versions.set(TOKEN, { stages: ['AWSCURRENT'], value: 'done' });

    await run('createSecret');
    await run('finishSecret');

    expect(store.calls).toEqual(['DescribeSecret', 'DescribeSecret']);
    expect(logger.lines.filter((l) => l.fields.outcome === 'already_current')).toHaveLength(2);
  });

  it('rejects an event without a token before calling Secrets Manager', async () => {
    const { store, logger } = setUp();
    const handler = createRotationHandler({ versions: store, steps: randomSecretSteps, logger });

    await expect(handler({ Step: 'createSecret', SecretId: ARN })).rejects.toMatchObject({
      name: 'InvalidRotationEventError',
    });

    expect(store.calls).toEqual([]);
  });

  it('logs the step, ARN, version and outcome of each step and never the value', async () => {
    const { store, run, logger } = setUp();
    store.versions.set('v1', { stages: ['AWSCURRENT'], value: 'old-secret-value' });
    store.stagePending(TOKEN);

    await run('createSecret');
    await run('testSecret');

    expect(logger.lines.map((l) => [l.message, l.fields.step, l.fields.outcome])).toEqual([
      ['rotation step started', 'createSecret', undefined],
      ['rotation step finished', 'createSecret', 'pending_created'],
      ['rotation step started', 'testSecret', undefined],
      ['rotation step finished', 'testSecret', 'pending_valid'],
    ]);
    for (const { fields } of logger.lines) expect(fields).toMatchObject({ secretArn: ARN, versionId: TOKEN });
    const text = JSON.stringify(logger.lines);
    expect(text).not.toContain('old-secret-value');
    expect(text).not.toContain('R'.repeat(64));
  });

  it('logs a failed step with the error class and rethrows it, leaving AWSCURRENT where it was', async () => {
    const { store, run, logger } = setUp();
    store.versions.set('v1', { stages: ['AWSCURRENT'], value: 'old' });
    store.versions.set(TOKEN, { stages: ['AWSPENDING'], value: 'not 64 alphanumerics' });

    await expect(run('testSecret')).rejects.toMatchObject({ name: 'InvalidPendingValueError' });

    expect(logger.lines.at(-1)).toMatchObject({
      message: 'rotation step failed',
      fields: { step: 'testSecret', outcome: 'failed', errorName: 'InvalidPendingValueError' },
    });
    expect(JSON.stringify(logger.lines)).not.toContain('not 64 alphanumerics');
    expect(store.versions.get('v1')?.stages).toEqual(['AWSCURRENT']);
  });
});
