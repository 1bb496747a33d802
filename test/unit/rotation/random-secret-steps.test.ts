// The steps of rotate-random-secret on the in-memory store: a new random value as AWSPENDING, nothing to set
// anywhere, a shape check before finishSecret may move AWSCURRENT.
import type { GetRandomPasswordCommandInput } from '@aws-sdk/client-secrets-manager';
import { randomSecretSteps } from '../../../functions/rotate-random-secret/steps';
import type { StepContext } from '../../../functions/shared/rotation/create-rotation-handler';
import { RANDOM_VALUE_REQUEST } from '../../../functions/shared/rotation/random-value';
import { InMemorySecretStore } from './in-memory-secret-store';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:report-signing-key-AbCdEf';
const TOKEN = '0b9e2f7a-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
const NEW_VALUE = 'Ab3'.repeat(21).concat('x');

/** The store, with GetRandomPassword answering NEW_VALUE and recording what it was asked for. */
function arrange() {
  const store = new InMemorySecretStore(ARN);
  const requests: GetRandomPasswordCommandInput[] = [];
  store.randomPassword = async (options) => {
    store.calls.push('GetRandomPassword');
    requests.push(options);
    return NEW_VALUE;
  };
  const outcomes: string[] = [];
  const context = async (): Promise<StepContext> => ({
    secretArn: ARN,
    token: TOKEN,
    metadata: await store.describe(),
    versions: store,
    outcome: (value) => outcomes.push(value),
  });
  return { store, requests, outcomes, context };
}

describe('rotate-random-secret steps', () => {
  it('createSecret stores a 64-letter-and-digit value from GetRandomPassword as AWSPENDING', async () => {
    const { store, requests, outcomes, context } = arrange();
    store.versions.set('v1', { stages: ['AWSCURRENT'], value: 'old' });
    store.stagePending(TOKEN);

    await randomSecretSteps.createSecret(await context());

    expect(requests).toEqual([RANDOM_VALUE_REQUEST]);
    expect(store.versions.get(TOKEN)).toEqual({ stages: ['AWSPENDING'], value: NEW_VALUE });
    expect(store.versions.get('v1')).toEqual({ stages: ['AWSCURRENT'], value: 'old' });
    expect(outcomes).toEqual(['pending_created']);
  });

  it('createSecret gives a secret created without a value its first value', async () => {
    const { store, outcomes, context } = arrange();
    store.stagePending(TOKEN);

    await randomSecretSteps.createSecret(await context());

    expect(store.versions.get(TOKEN)?.value).toBe(NEW_VALUE);
    expect(outcomes).toEqual(['first_value_created']);
  });

  it('a retried createSecret keeps the pending value it stored and asks for no new one', async () => {
    const { store, requests, outcomes, context } = arrange();
    store.versions.set(TOKEN, { stages: ['AWSPENDING'], value: 'Kept'.repeat(16) });

    await randomSecretSteps.createSecret(await context());

    expect(requests).toEqual([]);
    expect(store.versions.get(TOKEN)?.value).toBe('Kept'.repeat(16));
    expect(outcomes).toEqual(['pending_kept']);
  });

  it('setSecret changes nothing: readers read AWSCURRENT, which only finishSecret moves', async () => {
    const { store, outcomes, context } = arrange();
    store.versions.set('v1', { stages: ['AWSCURRENT'], value: 'old' });
    store.versions.set(TOKEN, { stages: ['AWSPENDING'], value: NEW_VALUE });
    const ctx = await context();
    store.calls.length = 0;

    await randomSecretSteps.setSecret(ctx);

    expect(store.calls).toEqual([]);
    expect(store.versions.get('v1')?.stages).toEqual(['AWSCURRENT']);
    expect(outcomes).toEqual(['nothing_to_set']);
  });

  it('testSecret accepts the pending value createSecret made', async () => {
    const { store, outcomes, context } = arrange();
    store.stagePending(TOKEN);
    await randomSecretSteps.createSecret(await context());

    await randomSecretSteps.testSecret(await context());

    expect(outcomes).toEqual(['first_value_created', 'pending_valid']);
  });

  it.each([
    ['too short', 'Ab3'.repeat(10)],
    ['punctuation', `${'A'.repeat(63)}!`],
    ['a Standard Webhooks value', `whsec_${Buffer.alloc(32, 7).toString('base64')}`],
  ])('testSecret refuses a pending value that is %s, so finishSecret never runs', async (_label, value) => {
    const { store, outcomes, context } = arrange();
    store.versions.set(TOKEN, { stages: ['AWSPENDING'], value });

    await expect(randomSecretSteps.testSecret(await context())).rejects.toMatchObject({
      name: 'InvalidPendingValueError',
    });
    expect(outcomes).toEqual([]);
  });

  it('testSecret fails when there is no pending value to test', async () => {
    const { store, context } = arrange();
    store.stagePending(TOKEN);

    await expect(randomSecretSteps.testSecret(await context())).rejects.toThrow(/no AWSPENDING/);
  });
});
