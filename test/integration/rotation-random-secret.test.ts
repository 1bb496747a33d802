// The built rotate-random-secret bundle, driven step by step against moto as Secrets Manager drives it: the
// rotation of a secret the template generates for a team's own functions (the report signing key of docs/extending.md).
import { randomUUID } from 'node:crypto';
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createHandler } from '../../functions/rotate-random-secret/handler';
import type { RotationLogFields } from '../../functions/shared/rotation/rotation-logger';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { RotationService } from '../support/secrets-manager-rotation';
import { awsClientConfig, bundleEnv, loadServices } from '../support/services';

const services = loadServices();
const secrets = new SecretsManagerClient(awsClientConfig(services));
const rotation = new RotationService(secrets);
let bundle: LambdaModule;

beforeAll(() => {
  buildBundles(['rotate-random-secret']);
  bundle = loadBundle('rotate-random-secret', bundleEnv(services));
});

afterAll(() => secrets.destroy());

const invoke = (event: unknown) => bundle.handler(event);

async function createSecret(value: string): Promise<string> {
  const out = await secrets.send(
    new CreateSecretCommand({ Name: `report-signing-key-${randomUUID()}`, SecretString: value }),
  );
  return out.ARN ?? '';
}

async function valueAt(secretId: string, stage: string): Promise<string | undefined> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
  return out.SecretString;
}

describe('rotate-random-secret', () => {
  it('replaces the secret with 64 new letters and digits and keeps the old one as AWSPREVIOUS', async () => {
    const arn = await createSecret('initial-signing-key');

    const token = await rotation.rotate(invoke, arn);

    expect(await valueAt(arn, 'AWSCURRENT')).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(await valueAt(arn, 'AWSPREVIOUS')).toBe('initial-signing-key');
    expect(await rotation.versionWith(arn, 'AWSCURRENT')).toBe(token);
  });

  it('makes a different value on each rotation', async () => {
    const arn = await createSecret('initial');

    await rotation.rotate(invoke, arn);
    const first = await valueAt(arn, 'AWSCURRENT');
    await rotation.rotate(invoke, arn);

    expect(await valueAt(arn, 'AWSPREVIOUS')).toBe(first);
    expect(await valueAt(arn, 'AWSCURRENT')).not.toBe(first);
  });

  it('gives a secret created without a value (as Terraform creates it) its first value as AWSPENDING', async () => {
    const { arn, token } = await rotation.startWithoutValue(`report-signing-key-first-${randomUUID()}`);

    // finishSecret of a first value is covered by the unit tests (moto cannot move AWSCURRENT from no version).
    await rotation.steps(invoke, arn, token, ['createSecret', 'setSecret', 'testSecret']);

    const pending = await secrets.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token }));
    expect(pending.SecretString).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(pending.VersionStages).toEqual(['AWSPENDING']);
  });

  it('keeps the pending value when createSecret is retried, and a later retry of every step changes nothing', async () => {
    const arn = await createSecret('initial');
    const token = await rotation.start(arn);
    await rotation.step(invoke, arn, token, 'createSecret');
    const firstPending = (await secrets.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token })))
      .SecretString;

    await rotation.steps(invoke, arn, token); // a retry from the first step
    await rotation.steps(invoke, arn, token); // and another, after it finished

    expect(await valueAt(arn, 'AWSCURRENT')).toBe(firstPending);
    expect(await valueAt(arn, 'AWSPREVIOUS')).toBe('initial');
  });

  it('fails testSecret on a pending value it did not make, and the current value stays', async () => {
    const arn = await createSecret('initial');
    const token = await rotation.start(arn);
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: token,
        SecretString: 'not-a-random-value',
        VersionStages: ['AWSPENDING'],
      }),
    );

    await rotation.step(invoke, arn, token, 'createSecret');
    await rotation.step(invoke, arn, token, 'setSecret');
    await expect(rotation.step(invoke, arn, token, 'testSecret')).rejects.toMatchObject({
      name: 'InvalidPendingValueError',
    });

    expect(await valueAt(arn, 'AWSCURRENT')).toBe('initial');
  });

  it('logs one outcome per step and neither the old nor the new value', async () => {
    const lines: { message: string; fields: RotationLogFields }[] = [];
    const record = (message: string, fields: RotationLogFields) => lines.push({ message, fields });
    const handler = createHandler({ secretsManager: secrets, logger: { info: record, error: record } });
    const arn = await createSecret('old-report-signing-key');

    await rotation.rotate(handler, arn);

    expect(lines.filter((l) => l.message === 'rotation step finished').map((l) => l.fields.outcome)).toEqual([
      'pending_created',
      'nothing_to_set',
      'pending_valid',
      'current_moved',
    ]);
    const current = (await valueAt(arn, 'AWSCURRENT')) ?? '';
    expect(current).toMatch(/^[A-Za-z0-9]{64}$/);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('old-report-signing-key');
    expect(logged).not.toContain(current);
  });

  it('refuses a token that is not a staged version, and the current value stays', async () => {
    const arn = await createSecret('initial');
    await rotation.start(arn);

    await expect(rotation.step(invoke, arn, randomUUID(), 'createSecret')).rejects.toMatchObject({
      name: 'VersionNotStagedError',
    });

    expect(await valueAt(arn, 'AWSCURRENT')).toBe('initial');
  });

  it('refuses every step once rotation is disabled, and the current value stays', async () => {
    const arn = await createSecret('initial');
    const token = await rotation.start(arn);
    await secrets.send(new CancelRotateSecretCommand({ SecretId: arn }));

    await expect(rotation.step(invoke, arn, token, 'createSecret')).rejects.toMatchObject({
      name: 'RotationNotEnabledError',
    });
    await expect(rotation.step(invoke, arn, token, 'finishSecret')).rejects.toMatchObject({
      name: 'RotationNotEnabledError',
    });

    expect(await valueAt(arn, 'AWSCURRENT')).toBe('initial');
  });
});
