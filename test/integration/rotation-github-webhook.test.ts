// The GitHub webhook rotation against moto (Secrets Manager) and a local fake of GitHub's REST API: a rotation
// gives GitHub the new secret before AWSCURRENT moves, the webhook accepts GitHub's deliveries throughout, and
// every GitHub error (401, 404, 422, rate limits) fails the rotation with AWSCURRENT untouched.
import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createHandler, type GithubWebhookRotationDeps } from '../../functions/rotate-github-webhook/handler';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../functions/shared/http';
import type { RotationLogger } from '../../functions/shared/rotation/rotation-logger';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { type FakeGithub, startFakeGithub } from '../support/fake-github';
import { RotationService } from '../support/secrets-manager-rotation';
import { awsClientConfig, bundleEnv, loadServices } from '../support/services';
import { githubSignature } from '../unit/webhook/signers';

type Webhook = LambdaModule<FunctionUrlEvent, FunctionUrlResult>;

const services = loadServices();
const secrets = new SecretsManagerClient(awsClientConfig(services));
const rotation = new RotationService(secrets);
const TOKEN = 'github_pat_fake_token_for_tests';
const OLD_SECRET = 'the-secret-github-holds-before-rotation';
const silent: RotationLogger = { info() {}, error() {} };
let github: FakeGithub;

beforeAll(async () => {
  buildBundles(['webhook']);
  github = await startFakeGithub(TOKEN);
});

afterAll(async () => {
  secrets.destroy();
  await github.close();
});

beforeEach(() => {
  github.requests.length = 0;
  github.onPing = undefined;
});

async function createSecret(name: string, value: string): Promise<string> {
  const out = await secrets.send(new CreateSecretCommand({ Name: `${name}-${randomUUID()}`, SecretString: value }));
  return out.ARN as string;
}

async function valueAt(secretId: string, stage: string): Promise<string | undefined> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
  return out.SecretString;
}

/** A signing secret, a token secret and a repository hook holding OLD_SECRET; the rotation handler for them. */
async function arrange(options: { kind?: 'repository' | 'organization'; token?: string } = {}) {
  const kind = options.kind ?? 'repository';
  const target = kind === 'repository' ? `acme/repo-${randomUUID().slice(0, 8)}` : `org-${randomUUID().slice(0, 8)}`;
  const hookId = 4242;
  github.hooks.set(`${kind === 'repository' ? 'repos' : 'orgs'}/${target}/hooks/${hookId}`, {
    url: 'https://abc.lambda-url.eu-west-1.on.aws/',
    content_type: 'json',
    insecure_ssl: '0',
    secret: OLD_SECRET,
  });
  const signingSecretArn = await createSecret('github-signing', OLD_SECRET);
  const tokenSecretArn = await createSecret('github-token', options.token ?? TOKEN);
  const waits: number[] = [];
  const deps: GithubWebhookRotationDeps = {
    secretsManager: secrets,
    config: { kind, target, hookId, apiUrl: github.apiUrl, tokenSecretArn },
    logger: silent,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
  const handler = createHandler(deps);
  const hook = () => github.hooks.get(`${kind === 'repository' ? 'repos' : 'orgs'}/${target}/hooks/${hookId}`);
  return { signingSecretArn, tokenSecretArn, handler, hook, waits };
}

describe('GitHub webhook rotation', () => {
  it('gives GitHub the new secret, then makes it AWSCURRENT; deliveries verify before, during and after', async () => {
    // Arrange: the webhook (built bundle) verifying against the same secret, and GitHub pinging it.
    const { signingSecretArn, handler, hook, waits } = await arrange();
    const webhook = loadBundle<Webhook>(
      'webhook',
      bundleEnv(services, {
        WEBHOOK_SCHEME: 'github',
        WEBHOOK_SECRET_ARN: signingSecretArn,
        SECRET_CACHE_TTL_SECONDS: '300',
      }),
    );
    const deliver = async (secret: string | undefined) => {
      const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 4242 });
      const now = Date.now();
      const event: FunctionUrlEvent = {
        version: '2.0',
        headers: { 'x-github-event': 'ping', 'x-hub-signature-256': githubSignature(secret ?? '', body) },
        body,
        isBase64Encoded: false,
        requestContext: { timeEpoch: now, http: { method: 'POST' } },
      };
      return (await webhook.handler(event)).statusCode;
    };
    const pings: number[] = [];
    github.onPing = async (_key, secret) => {
      pings.push(await deliver(secret));
    };
    const before = await deliver(hook()?.secret);

    // Act
    const token = await rotation.start(signingSecretArn);
    await rotation.steps(handler, signingSecretArn, token, ['createSecret', 'setSecret']);
    const pending = await valueAt(signingSecretArn, 'AWSPENDING');
    const heldDuringRotation = hook()?.secret;
    const during = await deliver(heldDuringRotation);
    await rotation.steps(handler, signingSecretArn, token, ['testSecret', 'finishSecret']);

    // Assert
    expect(before).toBe(200);
    expect(heldDuringRotation).toBe(pending);
    expect(during).toBe(200);
    expect(pings).toEqual([200]);
    expect(await valueAt(signingSecretArn, 'AWSCURRENT')).toBe(pending);
    expect(await valueAt(signingSecretArn, 'AWSPREVIOUS')).toBe(OLD_SECRET);
    expect(pending).toMatch(/^[A-Za-z0-9]{64}$/);
    // setSecret waited for webhook instances to be able to see AWSPENDING (about PENDING_REFRESH_SECONDS).
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(5_000);
    expect(waits[0]).toBeLessThanOrEqual(10_000);
  });

  it('speaks GitHub REST: PATCH …/config with only the secret, bearer token, API version header', async () => {
    const { signingSecretArn, handler } = await arrange();

    await rotation.rotate(handler, signingSecretArn);

    const patch = github.requests.find((r) => r.method === 'PATCH');
    expect(patch?.path).toMatch(/^\/repos\/acme\/repo-[0-9a-f]{8}\/hooks\/4242\/config$/);
    expect(Object.keys(JSON.parse(patch?.body ?? '{}'))).toEqual(['secret']);
    expect(github.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(github.requests.every((r) => r.apiVersion === '2022-11-28')).toBe(true);
    expect(github.requests.map((r) => `${r.method} ${r.path.replace(/^.*\/hooks\/4242/, '')}`)).toEqual([
      'PATCH /config',
      'GET /config',
      'POST /pings',
    ]);
  });

  it('rotates an organization webhook through /orgs/{org}/hooks/{id}', async () => {
    const { signingSecretArn, handler, hook } = await arrange({ kind: 'organization' });

    await rotation.rotate(handler, signingSecretArn);

    expect(hook()?.secret).toBe(await valueAt(signingSecretArn, 'AWSCURRENT'));
    expect(github.requests[0]?.path).toMatch(/^\/orgs\/org-[0-9a-f]{8}\/hooks\/4242\/config$/);
  });

  const failures = [
    ['401 (token revoked)', { status: 401, body: { message: 'Bad credentials' } }, 'GithubUnauthorizedError'],
    ['404 (no such hook or no access)', { status: 404, body: { message: 'Not Found' } }, 'GithubHookNotFoundError'],
    ['422 (validation failed)', { status: 422, body: { message: 'Validation Failed' } }, 'GithubValidationError'],
    [
      '403 with the primary rate limit exhausted',
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' },
        body: { message: 'API rate limit exceeded' },
      },
      'GithubRateLimitedError',
    ],
    [
      '429 secondary rate limit',
      { status: 429, headers: { 'retry-after': '60' }, body: { message: 'You have exceeded a secondary rate limit' } },
      'GithubRateLimitedError',
    ],
    ['500', { status: 500 }, 'GithubUnexpectedResponseError'],
  ] as const;

  it.each(failures)(
    'a %s on setSecret fails the rotation cleanly: AWSCURRENT and the hook unchanged',
    async (_n, failure, errorName) => {
      // Arrange
      const { signingSecretArn, handler, hook } = await arrange();
      const token = await rotation.start(signingSecretArn);
      await rotation.step(handler, signingSecretArn, token, 'createSecret');
      github.failNext({ ...failure, method: 'PATCH' });

      // Act
      const error = await rotation.step(handler, signingSecretArn, token, 'setSecret').catch((e: unknown) => e);

      // Assert
      expect(error).toMatchObject({ name: errorName });
      expect(String((error as Error).message)).not.toContain(TOKEN);
      expect(await valueAt(signingSecretArn, 'AWSCURRENT')).toBe(OLD_SECRET);
      expect(hook()?.secret).toBe(OLD_SECRET);
      expect(await rotation.versionWith(signingSecretArn, 'AWSCURRENT')).not.toBe(token);
    },
  );

  it.each(failures)(
    'a %s on testSecret fails the rotation before finishSecret: AWSCURRENT unchanged',
    async (_n, failure, errorName) => {
      const { signingSecretArn, handler } = await arrange();
      const token = await rotation.start(signingSecretArn);
      await rotation.steps(handler, signingSecretArn, token, ['createSecret', 'setSecret']);
      github.failNext({ ...failure, method: 'GET' });

      const error = await rotation.step(handler, signingSecretArn, token, 'testSecret').catch((e: unknown) => e);

      expect(error).toMatchObject({ name: errorName });
      expect(await valueAt(signingSecretArn, 'AWSCURRENT')).toBe(OLD_SECRET);
    },
  );

  it('fails with the token secret named when the token secret is blank, without calling GitHub', async () => {
    const { signingSecretArn, handler, tokenSecretArn } = await arrange();
    await secrets.send(new PutSecretValueCommand({ SecretId: tokenSecretArn, SecretString: '   ' }));
    const token = await rotation.start(signingSecretArn);
    await rotation.step(handler, signingSecretArn, token, 'createSecret');

    const error = await rotation.step(handler, signingSecretArn, token, 'setSecret').catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'GithubTokenMissingError' });
    expect((error as Error).message).toContain(tokenSecretArn);
    expect(github.requests).toHaveLength(0);
    expect(await valueAt(signingSecretArn, 'AWSCURRENT')).toBe(OLD_SECRET);
  });

  it("a wrong token gets GitHub's own 401 and the rotation stops there", async () => {
    const { signingSecretArn, handler, hook } = await arrange({ token: 'github_pat_wrong' });
    const token = await rotation.start(signingSecretArn);
    await rotation.step(handler, signingSecretArn, token, 'createSecret');

    await expect(rotation.step(handler, signingSecretArn, token, 'setSecret')).rejects.toMatchObject({
      name: 'GithubUnauthorizedError',
    });
    expect(hook()?.secret).toBe(OLD_SECRET);
  });
});
