// Revocation on the wire (issue "Trust, second pass", item 2): against moto, a warm webhook function (built
// bundle) stops accepting a value within one cache window once the secret is deleted, and once
// `npm run webhook-secret -- <env> revoke-previous` takes AWSPREVIOUS (and a stale AWSPENDING) off.
import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../functions/shared/http';
import type { EnvironmentConfig } from '../../lib/config/types';
import { validateProject } from '../../lib/config/validate';
import { runWebhookSecret } from '../../ops/webhook-secret';
import { multiAccount } from '../fixtures';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { awsClientConfig, bundleEnv, loadServices } from '../support/services';
import { signedHeaders } from '../unit/webhook/signers';

type Webhook = LambdaModule<FunctionUrlEvent, FunctionUrlResult>;

const CACHE_WINDOW_SECONDS = 1;
const services = loadServices();
const secrets = new SecretsManagerClient(awsClientConfig(services));
// uat: Stripe, provider-issued, no rotation function, 24 h grace.
const environment = validateProject(multiAccount.project).environments.find(
  (e) => e.name === 'uat',
) as EnvironmentConfig;
const OLD = 'whsec_the_leaked_stripe_endpoint_secret';
const NEW = 'whsec_the_replacement_stripe_endpoint_secret';

beforeAll(() => buildBundles(['webhook']));
afterAll(() => secrets.destroy());

const afterOneWindow = () => new Promise((resolve) => setTimeout(resolve, CACHE_WINDOW_SECONDS * 1000 + 100));

function arrange() {
  const project = `rev-${randomUUID().slice(0, 8)}`;
  const secretId = `${project}/${environment.name}/webhook-signing-secret`;
  const said: string[] = [];
  const webhook = () =>
    loadBundle<Webhook>(
      'webhook',
      bundleEnv(services, {
        WEBHOOK_SCHEME: 'stripe',
        WEBHOOK_SECRET_ARN: secretId,
        SECRET_CACHE_TTL_SECONDS: String(CACHE_WINDOW_SECONDS),
      }),
    );
  const revokePrevious = () =>
    runWebhookSecret({
      args: { env: environment.name, command: 'revoke-previous', assumeRole: false },
      project,
      environment,
      client: secrets,
      readInput: async () => '',
      out: () => undefined,
      say: (text) => said.push(text),
    });
  const stagesOf = async () =>
    Object.values((await secrets.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ?? {})
      .flat()
      .sort();
  return { secretId, said, webhook, revokePrevious, stagesOf };
}

async function statusOf(webhook: Webhook, secret: string): Promise<number> {
  const now = Date.now();
  const body = '{"type":"event_callback"}';
  const event: FunctionUrlEvent = {
    version: '2.0',
    headers: signedHeaders('stripe', secret, body, Math.floor(now / 1000)),
    body,
    isBase64Encoded: false,
    requestContext: { timeEpoch: now, http: { method: 'POST' } },
  };
  return (await webhook.handler(event)).statusCode;
}

describe('a warm webhook function after the signing secret is revoked (moto)', () => {
  it.each([
    ['deleted without recovery', { ForceDeleteWithoutRecovery: true }],
    ['scheduled for deletion', { RecoveryWindowInDays: 7 }],
  ])('answers 503 within one cache window once the secret is %s', async (_, deletion) => {
    // Arrange: a warm function that has read the value.
    const { secretId, webhook } = arrange();
    await secrets.send(new CreateSecretCommand({ Name: secretId, SecretString: OLD }));
    const warm = webhook();
    const before = await statusOf(warm, OLD);

    // Act
    await secrets.send(new DeleteSecretCommand({ SecretId: secretId, ...deletion }));
    const inside = await statusOf(warm, OLD);
    await afterOneWindow();
    const after = await statusOf(warm, OLD);

    // Assert
    expect([before, inside, after]).toEqual([200, 200, 503]);
  });
});

describe('npm run webhook-secret -- <env> revoke-previous (moto)', () => {
  it('takes AWSPREVIOUS off, so the old value stops verifying within one cache window', async () => {
    // Arrange: the leaked value was replaced with set; a warm function accepts both within the grace.
    const { secretId, webhook, revokePrevious, stagesOf, said } = arrange();
    await secrets.send(new CreateSecretCommand({ Name: secretId, SecretString: OLD }));
    await secrets.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: NEW, VersionStages: ['AWSCURRENT'] }),
    );
    const warm = webhook();
    const oldBefore = await statusOf(warm, OLD);

    // Act
    await revokePrevious();
    await afterOneWindow();

    // Assert
    expect(oldBefore).toBe(200);
    expect(await stagesOf()).toEqual(['AWSCURRENT']);
    expect(await statusOf(warm, OLD)).toBe(401);
    expect(await statusOf(warm, NEW)).toBe(200);
    expect(said.join('\n')).toMatch(/removed AWSPREVIOUS from version [\w-]+\./);
    expect(said.join('\n')).not.toContain('whsec_');
  });

  it('takes a stale AWSPENDING off too (no rotation is configured, so none can be in flight)', async () => {
    // Arrange: a version left with AWSPENDING, which the webhook accepts within the grace.
    const { secretId, webhook, revokePrevious, stagesOf } = arrange();
    await secrets.send(new CreateSecretCommand({ Name: secretId, SecretString: NEW }));
    await secrets.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: OLD, VersionStages: ['AWSPENDING'] }),
    );
    const warm = webhook();
    const pendingBefore = await statusOf(warm, OLD);

    // Act
    await revokePrevious();
    await afterOneWindow();

    // Assert
    expect(pendingBefore).toBe(200);
    expect(await stagesOf()).toEqual(['AWSCURRENT']);
    expect(await statusOf(warm, OLD)).toBe(401);
  });

  it('says there is nothing to revoke on a secret with AWSCURRENT only, and changes nothing', async () => {
    const { secretId, revokePrevious, stagesOf, said } = arrange();
    await secrets.send(new CreateSecretCommand({ Name: secretId, SecretString: NEW }));

    await revokePrevious();

    expect(await stagesOf()).toEqual(['AWSCURRENT']);
    expect(said.join('\n')).toContain('nothing to revoke');
  });
});
