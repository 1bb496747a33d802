// The client-side encrypted environment variable end to end, against moto's KMS: `npm run encrypt` (its real code)
// encrypts a signing key for the API function under { LambdaFunctionName }, the built api bundle decrypts it at cold
// start, and /whoami/signed answers with an HMAC made with it, without the key ever reaching a log line.
import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../functions/shared/http';
import { type ProjectInput, validateProject } from '../../lib/config/validate';
import { main as encrypt } from '../../ops/encrypt';
import { singleAccount } from '../fixtures';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { type CountingProxy, startCountingProxy } from '../support/counting-proxy';
import { awsClientConfig, bundleEnv, loadServices } from '../support/services';

type Api = LambdaModule<FunctionUrlEvent, FunctionUrlResult>;

const services = loadServices();
// The moto server is shared by the run's test files: a project name of its own keeps this key alias apart.
const config: ProjectInput = { ...singleAccount.project, name: 'signed-api' };
const project = validateProject(config);
const environment = project.environments[0];
if (!environment) throw new Error('the single-account fixture has no environment');
const prefix = `${project.name}-${environment.name}`;
const kms = new KMSClient({ ...awsClientConfig(services), region: environment.region });
const SIGNING_KEY = 'a signing key only the API function may read';
const CALLER_ARN = 'arn:aws:sts::123456789012:assumed-role/it-api-invoker/session';
let proxy: CountingProxy;

beforeAll(async () => {
  buildBundles(['api']);
  proxy = await startCountingProxy(services.aws.endpoint);
  const key = await kms.send(new CreateKeyCommand({ Description: 'environment key' }));
  await kms.send(new CreateAliasCommand({ AliasName: `alias/${prefix}`, TargetKeyId: key.KeyMetadata?.KeyId }));
});

afterAll(async () => {
  kms.destroy();
  await proxy?.close();
});

/** What `printf %s "$KEY" | npm run encrypt -- --env <env> --function <name>` prints, against moto's KMS. */
async function encryptFor(functionName: string): Promise<string> {
  const out: string[] = [];
  const code = await encrypt(
    ['--env', environment?.name ?? '', '--function', functionName],
    { stdin: Readable.from([Buffer.from(SIGNING_KEY)]), stdout: { write: (t) => out.push(t) }, stderr: { write() {} } },
    () => kms,
    config,
  );
  if (code !== 0) throw new Error(`npm run encrypt exited with ${code}`);
  return out.join('').trim();
}

function coldStart(ciphertext: string): Api {
  return loadBundle<Api>(
    'api',
    bundleEnv(services, {
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_REGION: environment?.region ?? '',
      AWS_LAMBDA_FUNCTION_NAME: `${prefix}-api`,
      API_SIGNING_KEY_ENCRYPTED: ciphertext,
      CONFIG_PARAMETER_NAME: '/unused',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    }),
  );
}

function signedWhoami(): FunctionUrlEvent {
  return {
    version: '2.0',
    rawPath: '/whoami/signed',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      timeEpoch: Date.now(),
      http: { method: 'GET', path: '/whoami/signed' },
      authorizer: { iam: { accountId: '123456789012', userArn: CALLER_ARN } },
    },
  };
}

/** Runs `work` with stdout and stderr captured: the function's JSON log lines. */
async function capturingLogs<T>(work: () => Promise<T>): Promise<{ result: T; logs: string }> {
  const captured: string[] = [];
  const capture = (chunk: unknown): boolean => captured.push(String(chunk)) > 0;
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    return { result: await work(), logs: captured.join('') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

beforeEach(() => proxy.reset());

describe('a signing key encrypted with npm run encrypt for the API function', () => {
  it('is decrypted once at cold start and signs the caller, never appearing in a log line', async () => {
    // Arrange
    const ciphertext = await encryptFor('api');

    // Act
    let decryptsBeforeAnyRequest = 0;
    const { result: responses, logs } = await capturingLogs(async () => {
      const api = coldStart(ciphertext);
      await until(() => proxy.count('TrentService.Decrypt') > 0);
      decryptsBeforeAnyRequest = proxy.count('TrentService.Decrypt');
      return [await api.handler(signedWhoami()), await api.handler(signedWhoami())];
    });

    // Assert
    expect(decryptsBeforeAnyRequest).toBe(1);
    expect(proxy.count('TrentService.Decrypt', (body) => JSON.stringify(body).includes(`${prefix}-api`))).toBe(1);
    for (const response of responses) {
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body)).toEqual({
        userArn: CALLER_ARN,
        signature: createHmac('sha256', SIGNING_KEY).update(CALLER_ARN).digest('base64url'),
      });
    }
    expect(logs).toContain('api request');
    expect(logs).not.toContain(SIGNING_KEY);
    expect(logs).not.toContain(ciphertext);
  });

  it('does not decrypt in another function: a ciphertext made for the webhook answers 503', async () => {
    // Arrange
    const ciphertext = await encryptFor('webhook');

    // Act
    const { result: response, logs } = await capturingLogs(() => coldStart(ciphertext).handler(signedWhoami()));

    // Assert
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toEqual({ error: 'service unavailable' });
    expect(logs).toContain('signing_key_unavailable');
    expect(logs).not.toContain(SIGNING_KEY);
  });
});
