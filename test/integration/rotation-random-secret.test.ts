// The built rotate-random-secret bundle, driven step by step against moto as Secrets Manager drives it.
import { randomUUID } from 'node:crypto';
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { RotationService } from '../support/secrets-manager-rotation';
import { awsClientConfig, bundleEnv, loadServices } from '../support/services';

const services = loadServices();
const secrets = new SecretsManagerClient(awsClientConfig(services));
const rotation = new RotationService(secrets);
let text: LambdaModule;
let whsec: LambdaModule;

beforeAll(() => {
  buildBundles(['rotate-random-secret']);
  text = loadBundle('rotate-random-secret', bundleEnv(services, { SECRET_VALUE_FORMAT: 'text' }));
  whsec = loadBundle('rotate-random-secret', bundleEnv(services, { SECRET_VALUE_FORMAT: 'whsec' }));
});

afterAll(() => secrets.destroy());

const invoke = (bundle: LambdaModule) => (event: unknown) => bundle.handler(event);

async function createSecret(value: string): Promise<string> {
  const out = await secrets.send(new CreateSecretCommand({ Name: `webhook-${randomUUID()}`, SecretString: value }));
  return out.ARN ?? '';
}

async function valueAt(secretId: string, stage: string): Promise<string | undefined> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
  return out.SecretString;
}

describe('rotate-random-secret', () => {
  it('replaces a text secret with 64 new letters and digits and keeps the old one as AWSPREVIOUS', async () => {
    const arn = await createSecret('initial-signing-secret');

    const token = await rotation.rotate(invoke(text), arn);

    const current = await valueAt(arn, 'AWSCURRENT');
    expect(current).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(await valueAt(arn, 'AWSPREVIOUS')).toBe('initial-signing-secret');
    expect(await rotation.versionWith(arn, 'AWSCURRENT')).toBe(token);
  });

  it('gives a Standard Webhooks secret a whsec_ value of 32 random bytes', async () => {
    const arn = await createSecret(`whsec_${Buffer.alloc(32, 1).toString('base64')}`);

    await rotation.rotate(invoke(whsec), arn);

    const current = await valueAt(arn, 'AWSCURRENT');
    expect(current).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(current?.slice('whsec_'.length) ?? '', 'base64')).toHaveLength(32);
  });

  it('keeps the pending value when createSecret is retried, and a later retry of every step changes nothing', async () => {
    const arn = await createSecret('initial');
    const token = await rotation.start(arn);
    await rotation.step(invoke(text), arn, token, 'createSecret');
    const firstPending = (await secrets.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token })))
      .SecretString;

    await rotation.steps(invoke(text), arn, token); // a retry from the first step
    await rotation.steps(invoke(text), arn, token); // and another, after it finished

    expect(await valueAt(arn, 'AWSCURRENT')).toBe(firstPending);
    expect(await valueAt(arn, 'AWSPREVIOUS')).toBe('initial');
  });

  it('refuses a token that is not a staged version, and the current value stays', async () => {
    const arn = await createSecret('initial');
    await rotation.start(arn);

    await expect(rotation.step(invoke(text), arn, randomUUID(), 'createSecret')).rejects.toMatchObject({
      name: 'VersionNotStagedError',
    });

    expect(await valueAt(arn, 'AWSCURRENT')).toBe('initial');
  });

  it('refuses every step once rotation is disabled, and the current value stays', async () => {
    const arn = await createSecret('initial');
    const token = await rotation.start(arn);
    await secrets.send(new CancelRotateSecretCommand({ SecretId: arn }));

    await expect(rotation.step(invoke(text), arn, token, 'createSecret')).rejects.toMatchObject({
      name: 'RotationNotEnabledError',
    });
    await expect(rotation.step(invoke(text), arn, token, 'finishSecret')).rejects.toMatchObject({
      name: 'RotationNotEnabledError',
    });

    expect(await valueAt(arn, 'AWSCURRENT')).toBe('initial');
  });
});
