// `npm run webhook-secret` against moto: set keeps the previous value accepted by the webhook (built bundle)
// for the grace, show prints a generated value, rotate stores a new one, provider-issued secrets refuse show
// and rotate, and a value the webhook would refuse is never stored.
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../functions/shared/http';
import type { EnvironmentConfig } from '../../lib/config/types';
import { validateProject } from '../../lib/config/validate';
import { type Command, runWebhookSecret } from '../../ops/webhook-secret';
import { allFeatures, multiAccount } from '../fixtures';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { awsClientConfig, bundleEnv, loadServices } from '../support/services';
import { type SchemeUnderTest, signedHeaders } from '../unit/webhook/signers';

type Webhook = LambdaModule<FunctionUrlEvent, FunctionUrlResult>;

const services = loadServices();
const secrets = new SecretsManagerClient(awsClientConfig(services));
const environments = [
  ...validateProject(multiAccount.project).environments,
  ...validateProject(allFeatures.project).environments,
];

beforeAll(() => buildBundles(['webhook']));
afterAll(() => secrets.destroy());

/** An environment whose secrets live under a fresh project name, so every test has its own. */
function arrange(envName: string) {
  const environment = environments.find((e) => e.name === envName) as EnvironmentConfig;
  const project = `cli-${randomUUID().slice(0, 8)}`;
  const signingSecretId = `${project}/${environment.name}/webhook-signing-secret`;
  const said: string[] = [];
  const printed: string[] = [];
  const run = (command: Command, input = '') =>
    runWebhookSecret({
      args: { env: environment.name, command, assumeRole: false },
      project,
      environment,
      client: secrets,
      readInput: async () => input,
      out: (text) => printed.push(text),
      say: (text) => said.push(text),
    });
  const valueAt = async (stage: string) =>
    (await secrets.send(new GetSecretValueCommand({ SecretId: signingSecretId, VersionStage: stage }))).SecretString;
  const create = (value: string) =>
    secrets.send(new CreateSecretCommand({ Name: signingSecretId, SecretString: value }));
  return { environment, signingSecretId, run, valueAt, create, said, printed };
}

function delivery(scheme: SchemeUnderTest, secret: string): FunctionUrlEvent {
  const now = Date.now();
  const body = '{"type":"event_callback"}';
  return {
    version: '2.0',
    headers: signedHeaders(scheme, secret, body, Math.floor(now / 1000)),
    body,
    isBase64Encoded: false,
    requestContext: { timeEpoch: now, http: { method: 'POST' } },
  };
}

describe('npm run webhook-secret', () => {
  it('set (Stripe, provider-issued): the new value becomes AWSCURRENT and the webhook accepts old and new', async () => {
    // Arrange
    const { run, valueAt, create, signingSecretId, said } = arrange('uat');
    await create('whsec_the_old_stripe_endpoint_secret');
    const webhook = loadBundle<Webhook>(
      'webhook',
      bundleEnv(services, { WEBHOOK_SCHEME: 'stripe', WEBHOOK_SECRET_ARN: signingSecretId }),
    );

    // Act
    await run('set', 'whsec_the_new_stripe_endpoint_secret\n');

    // Assert
    expect(await valueAt('AWSCURRENT')).toBe('whsec_the_new_stripe_endpoint_secret');
    expect(await valueAt('AWSPREVIOUS')).toBe('whsec_the_old_stripe_endpoint_secret');
    expect((await webhook.handler(delivery('stripe', 'whsec_the_new_stripe_endpoint_secret'))).statusCode).toBe(200);
    expect((await webhook.handler(delivery('stripe', 'whsec_the_old_stripe_endpoint_secret'))).statusCode).toBe(200);
    expect(said.join('\n')).toContain('the previous value stays accepted for 24 h');
    expect(said.join('\n')).not.toContain('whsec_the_new');
  });

  it('set refuses a blank value and stores nothing', async () => {
    const { run, valueAt, create } = arrange('uat');
    await create('whsec_the_old_stripe_endpoint_secret');

    await expect(run('set', '   \n')).rejects.toThrow(/refused: .*nothing was stored/);

    expect(await valueAt('AWSCURRENT')).toBe('whsec_the_old_stripe_endpoint_secret');
  });

  it('show and rotate refuse a provider-issued secret, pointing at the sender', async () => {
    const { run, create } = arrange('live');
    await create('slack-signing-secret-0123456789abcdef');

    await expect(run('show')).rejects.toThrow(/provider-issued; the sender shows it/);
    await expect(run('rotate')).rejects.toThrow(/create a new one at the sender, then run .* set/);
  });

  it('rotate (Standard Webhooks, generated, no automatic rotation) stores a new whsec_ value; show prints it', async () => {
    // Arrange: a secret created without a value, as Terraform creates it.
    const { run, valueAt, signingSecretId, printed } = arrange('stage');
    await secrets.send(new CreateSecretCommand({ Name: signingSecretId }));

    // Act
    await run('rotate');
    await run('show');

    // Assert
    const current = await valueAt('AWSCURRENT');
    expect(current).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(printed).toEqual([`${current}\n`]);
  });
});
