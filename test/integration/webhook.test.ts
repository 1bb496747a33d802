// The built webhook bundle against moto's Secrets Manager, through a counting proxy: what reaches Secrets
// Manager per cold start and cache window, and what a sender sees before and after a rotation.
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { REQUEST_PATH_CLIENT_OPTIONS } from '../../functions/shared/aws-client-options';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../functions/shared/http';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { type CountingProxy, startCountingProxy } from '../support/counting-proxy';
import { awsClientConfig, bundleEnv, loadServices } from '../support/services';
import { type SchemeUnderTest, secretFor, signedHeaders } from '../unit/webhook/signers';

type Webhook = LambdaModule<FunctionUrlEvent, FunctionUrlResult>;

const services = loadServices();
const secrets = new SecretsManagerClient(awsClientConfig(services));
let proxy: CountingProxy;

beforeAll(async () => {
  buildBundles(['webhook']);
  proxy = await startCountingProxy(services.aws.endpoint);
});

afterAll(async () => {
  secrets.destroy();
  await proxy.close();
});

beforeEach(() => proxy.reset());

async function createSecret(value: string): Promise<string> {
  const out = await secrets.send(new CreateSecretCommand({ Name: `webhook-it-${randomUUID()}`, SecretString: value }));
  return out.ARN as string;
}

/** A cold start: the bundle loaded afresh with the webhook's environment, its SDK pointed at the proxy. */
function coldStart(
  scheme: SchemeUnderTest,
  secretArn: string,
  ttlSeconds = 300,
  extraEnv: Record<string, string> = {},
): Webhook {
  return loadBundle<Webhook>(
    'webhook',
    bundleEnv(services, {
      AWS_ENDPOINT_URL: proxy.endpoint,
      WEBHOOK_SCHEME: scheme,
      WEBHOOK_SECRET_ARN: secretArn,
      WEBHOOK_TOLERANCE_SECONDS: '300',
      WEBHOOK_MAX_BODY_BYTES: '262144',
      SECRET_CACHE_TTL_SECONDS: String(ttlSeconds),
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      ...extraEnv,
    }),
  );
}

function delivery(scheme: SchemeUnderTest, secret: string, body = '{"hook":"test"}'): FunctionUrlEvent {
  const now = Date.now();
  return {
    version: '2.0',
    rawPath: '/',
    headers: { 'content-type': 'application/json', ...signedHeaders(scheme, secret, body, Math.floor(now / 1000)) },
    body,
    isBase64Encoded: false,
    requestContext: { timeEpoch: now, http: { method: 'POST', path: '/' } },
  };
}

const fetchesOf = (stage: string) =>
  proxy.count('secretsmanager.GetSecretValue', (body) => (body.VersionStage ?? 'AWSCURRENT') === stage);

describe('webhook bundle against Secrets Manager (moto)', () => {
  it('fetches AWSCURRENT once per cold start for many verified deliveries', async () => {
    // Arrange
    const secret = secretFor('github', 'it-current');
    const webhook = coldStart('github', await createSecret(secret));

    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await webhook.handler(delivery('github', secret, `{"n":${i}}`))).statusCode);
    }

    // Assert
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(fetchesOf('AWSCURRENT')).toBe(1);
    expect(fetchesOf('AWSPREVIOUS')).toBe(0);
  });

  it('asks for a missing AWSPREVIOUS once and remembers it, however many forged requests arrive', async () => {
    const secret = secretFor('github', 'never-rotated');
    const webhook = coldStart('github', await createSecret(secret));

    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await webhook.handler(delivery('github', secretFor('github', 'forger')))).statusCode);
    }

    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(fetchesOf('AWSCURRENT')).toBe(1);
    expect(fetchesOf('AWSPREVIOUS')).toBe(1);
  });

  it('accepts the old secret as AWSPREVIOUS after the version stages moved, and rejects an unknown one', async () => {
    // Arrange: a rotation moves AWSCURRENT to the new version and AWSPREVIOUS to the old one.
    const old = secretFor('stripe', 'before-rotation');
    const fresh = secretFor('stripe', 'after-rotation');
    const arn = await createSecret(old);
    await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: fresh }));
    const webhook = coldStart('stripe', arn);

    // Act
    const withNew = await webhook.handler(delivery('stripe', fresh));
    const withOld = await webhook.handler(delivery('stripe', old));
    const withOldAgain = await webhook.handler(delivery('stripe', old));
    const withUnknown = await webhook.handler(delivery('stripe', secretFor('stripe', 'unknown')));

    // Assert
    expect([withNew.statusCode, withOld.statusCode, withOldAgain.statusCode, withUnknown.statusCode]).toEqual([
      200, 200, 200, 401,
    ]);
    expect(fetchesOf('AWSCURRENT')).toBe(1);
    expect(fetchesOf('AWSPREVIOUS')).toBe(1);
  });

  it('picks up a rotation in a warm instance once the cache window has passed', async () => {
    const old = secretFor('slack', 'window-old');
    const fresh = secretFor('slack', 'window-new');
    const arn = await createSecret(old);
    const webhook = coldStart('slack', arn, 1);
    const before = await webhook.handler(delivery('slack', old));
    await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: fresh }));

    const stillCached = await webhook.handler(delivery('slack', fresh));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const afterWindow = await webhook.handler(delivery('slack', fresh));

    expect([before.statusCode, stillCached.statusCode, afterWindow.statusCode]).toEqual([200, 401, 200]);
    // Window 1: AWSCURRENT (+ AWSPREVIOUS for the unverified request); window 2: AWSCURRENT again.
    expect(fetchesOf('AWSCURRENT')).toBe(2);
    expect(fetchesOf('AWSPREVIOUS')).toBe(1);
  });

  it('verifies Standard Webhooks deliveries with the whsec_ secret the rotation function writes', async () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const webhook = coldStart('standard-webhooks', await createSecret(secret));

    const response = await webhook.handler(delivery('standard-webhooks', secret));

    expect(response.statusCode).toBe(200);
  });

  it('answers 503 when the secret does not exist, and logs no secret or body', async () => {
    // Errors go to stderr; the logger's console takes hold of both streams at cold start, so capture first.
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];

    let response: FunctionUrlResult;
    try {
      const missing = `arn:aws:secretsmanager:${services.aws.region}:123456789012:secret:missing-AbCdEf`;
      const webhook = coldStart('github', missing);
      response = await webhook.handler(delivery('github', 'some-secret', '{"marker":"body-9c1e"}'));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    expect(response.statusCode).toBe(503);
    const logged = lines.join('');
    expect(logged).toContain('secret_unavailable');
    expect(logged).not.toContain('body-9c1e');
    expect(logged).not.toContain('some-secret');
  });

  it('accepts the AWSPENDING value of a rotation in flight (the sender was told first), and no other', async () => {
    // Arrange: createSecret stored a pending version; GitHub was already given it.
    const current = secretFor('github', 'in-flight-current');
    const pending = secretFor('github', 'in-flight-pending');
    const arn = await createSecret(current);
    await secrets.send(
      new PutSecretValueCommand({ SecretId: arn, SecretString: pending, VersionStages: ['AWSPENDING'] }),
    );
    const webhook = coldStart('github', arn);

    // Act
    const withPending = await webhook.handler(delivery('github', pending));
    const withCurrent = await webhook.handler(delivery('github', current));
    const forged = await webhook.handler(delivery('github', secretFor('github', 'in-flight-forged')));

    // Assert
    expect([withPending.statusCode, withCurrent.statusCode, forged.statusCode]).toEqual([200, 200, 401]);
    expect(fetchesOf('AWSCURRENT')).toBe(1);
    expect(fetchesOf('AWSPENDING')).toBe(1);
  });

  it('refuses AWSPREVIOUS when the grace is over (WEBHOOK_PREVIOUS_SECRET_GRACE_SECONDS=0)', async () => {
    const old = secretFor('stripe', 'grace-old');
    const arn = await createSecret(old);
    await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: secretFor('stripe', 'grace-new') }));
    const webhook = coldStart('stripe', arn, 300, { WEBHOOK_PREVIOUS_SECRET_GRACE_SECONDS: '0' });

    const response = await webhook.handler(delivery('stripe', old));

    expect(response.statusCode).toBe(401);
    expect(fetchesOf('AWSPREVIOUS')).toBe(0);
  });

  it('answers 503 for a whitespace-only stored secret, even for a request signed with it', async () => {
    const blank = '    ';
    const webhook = coldStart('slack', await createSecret(blank), 300, { POWERTOOLS_LOG_LEVEL: 'SILENT' });

    const response = await webhook.handler(delivery('slack', blank));

    expect(response.statusCode).toBe(503);
  });

  it('during an outage 50 deliveries cost at most 5 calls, all 503; a value read before is used for the window', async () => {
    // Arrange: Secrets Manager answers GetSecretValue with 503 (a server fault, as in an outage: transient, so a value
    // read before may still serve; a refusal such as a deleted secret may not, see secret-revocation.test.ts).
    const secret = secretFor('github', 'outage');
    const cold = coldStart('github', await createSecret(secret), 300, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
    const warm = coldStart('github', await createSecret(secret), 1, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
    const before = await warm.handler(delivery('github', secret));
    proxy.reset();
    proxy.failWith503('secretsmanager.GetSecretValue');

    // Act
    const coldStatuses: number[] = [];
    for (let i = 0; i < 50; i += 1) coldStatuses.push((await cold.handler(delivery('github', secret))).statusCode);
    const coldCalls = fetchesOf('AWSCURRENT');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const warmStatuses: number[] = [];
    for (let i = 0; i < 10; i += 1) warmStatuses.push((await warm.handler(delivery('github', secret))).statusCode);

    // Assert: every fetch is at most REQUEST_PATH_CLIENT_OPTIONS.maxAttempts calls (the SDK retries a 503 once).
    const attempts = REQUEST_PATH_CLIENT_OPTIONS.maxAttempts;
    expect(before.statusCode).toBe(200);
    expect(new Set(coldStatuses)).toEqual(new Set([503]));
    expect(coldCalls).toBeGreaterThanOrEqual(1);
    expect(coldCalls).toBeLessThanOrEqual(5);
    expect(warmStatuses).toEqual(Array(10).fill(200));
    expect(fetchesOf('AWSCURRENT') - coldCalls).toBeGreaterThanOrEqual(1);
    expect(fetchesOf('AWSCURRENT') - coldCalls).toBeLessThanOrEqual(attempts);
  });
});
