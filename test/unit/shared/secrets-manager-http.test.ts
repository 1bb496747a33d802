// The webhook's GetSecretValue over signed HTTPS (functions/shared/secrets-manager-http.ts) against a loopback
// server playing Secrets Manager's JSON protocol: the request it sends, the answers it understands, and that its
// failures classify as the SDK client's would (aws-errors.ts), so the secret cache treats both alike.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest } from '@smithy/core/protocols';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { classifyAwsError } from '../../../functions/shared/aws-errors';
import {
  credentialsFromEnv,
  SecretsManagerHttpReader,
  secretsManagerEndpoint,
  secretsManagerReaderFromEnv,
} from '../../../functions/shared/secrets-manager-http';

const REGION = 'eu-west-1';
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/dev/webhook-AbCdEf';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG', sessionToken: 'token-1' };
const FAST = { connectionTimeout: 200, requestTimeout: 300 };

interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

type Answer = (request: Received, response: ServerResponse) => void;

let server: Server;
let endpoint: string;
let received: Received[];
let answers: Answer[];
const readers: SecretsManagerHttpReader[] = [];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Received = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      const answer = answers.shift() ?? json(500, { __type: 'InternalServiceError' });
      answer(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const reader of readers) reader.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  answers = [];
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...headers });
    response.end(JSON.stringify(body));
  };
}

/** Never answers: the request times out. */
const silent: Answer = () => undefined;

function reader(options: { endpoint?: string } = {}): SecretsManagerHttpReader {
  const created = new SecretsManagerHttpReader({
    region: REGION,
    endpoint: options.endpoint ?? endpoint,
    credentials: () => CREDENTIALS,
    limits: FAST,
    random: () => 0,
  });
  readers.push(created);
  return created;
}

async function failureOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

describe('SecretsManagerHttpReader', () => {
  it('sends GetSecretValue in the JSON protocol, signed with SigV4 for secretsmanager in the region', async () => {
    // Arrange
    answers.push(json(200, { SecretString: 's3cret', VersionId: 'v-1', CreatedDate: 1_767_225_600.5 }));

    // Act
    await reader().getSecretValue({ SecretId: ARN, VersionStage: 'AWSPREVIOUS' });

    // Assert
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request?.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
    expect(JSON.parse(request?.body ?? '')).toEqual({ SecretId: ARN, VersionStage: 'AWSPREVIOUS' });
    expect(request?.headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/\\d{8}/${REGION}/secretsmanager/aws4_request, `,
      ),
    );
  });

  it('signs what it sends: the signature recomputed from the received request matches', async () => {
    // Arrange
    answers.push(json(200, { SecretString: 's' }));

    // Act
    await reader().getSecretValue({ SecretId: ARN, VersionStage: 'AWSCURRENT' });

    // Assert: re-sign the request as the server received it, at the time it carries.
    const request = received[0] as Received;
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(request.headers.authorization ?? '')?.[1]?.split(';') ?? [];
    expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target']));
    const amzDate = request.headers['x-amz-date'] ?? '';
    const signingDate = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const url = new URL(endpoint);
    const resigned = await new SignatureV4({
      service: 'secretsmanager',
      region: REGION,
      credentials: CREDENTIALS,
      sha256: Hash.bind(null, 'sha256'),
    }).sign(
      new HttpRequest({
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: request.path,
        headers: Object.fromEntries(signedHeaders.map((name) => [name, request.headers[name] ?? ''])),
        body: request.body,
      }),
      { signingDate },
    );
    expect((resigned as HttpRequest).headers.authorization).toBe(request.headers.authorization);
  });

  it('returns the secret string, version id and creation time (epoch seconds on the wire)', async () => {
    // Arrange
    answers.push(json(200, { ARN, SecretString: 's3cret', VersionId: 'v-1', CreatedDate: 1_767_225_600.5 }));

    // Act
    const output = await reader().getSecretValue({ SecretId: ARN, VersionStage: 'AWSCURRENT' });

    // Assert
    expect(output).toEqual({
      SecretString: 's3cret',
      VersionId: 'v-1',
      CreatedDate: new Date(1_767_225_600_500),
    });
  });

  it.each([
    [
      'a refusal in the body',
      json(400, { __type: 'ResourceNotFoundException', message: 'x' }),
      'ResourceNotFoundException',
    ],
    [
      'a qualified type',
      json(400, { __type: 'com.amazonaws.secretsmanager#AccessDeniedException', Message: 'x' }),
      'AccessDeniedException',
    ],
    [
      'the error-type header',
      json(400, {}, { 'x-amzn-errortype': 'DecryptionFailure:http://internal.amazon.com/coral/com.amazonaws.kms/' }),
      'DecryptionFailure',
    ],
    ['an unreadable answer', (_q: Received, r: ServerResponse) => r.writeHead(403).end('<html>'), 'UnknownError'],
  ])('names the error as the SDK would for %s, refused and not retried', async (_case, answer, name) => {
    // Arrange
    answers.push(answer);

    // Act
    const error = await failureOf(reader().getSecretValue({ SecretId: ARN, VersionStage: 'AWSCURRENT' }));

    // Assert
    expect(error.name).toBe(name);
    expect(error.$fault).toBe('client');
    expect(classifyAwsError(error)).toBe('refused');
    expect(received).toHaveLength(1);
  });

  it('never carries the service message, which may quote the request, into its error', async () => {
    // Arrange
    answers.push(json(400, { __type: 'InvalidRequestException', message: 'secret value s3cret-in-message' }));

    // Act
    const error = await failureOf(reader().getSecretValue({ SecretId: ARN, VersionStage: 'AWSCURRENT' }));

    // Assert
    expect(error.message).not.toContain('s3cret');
    expect(JSON.stringify(error)).not.toContain('s3cret');
  });

  it.each([
    ['a server fault', json(500, { __type: 'InternalServiceError' })],
    ['throttling', json(400, { __type: 'ThrottlingException' })],
    ['HTTP 429', json(429, {})],
    ['a malformed success', (_q: Received, r: ServerResponse) => r.writeHead(200).end('{not json')],
  ])('retries %s once, and returns the retry answer', async (_case, answer) => {
    // Arrange
    answers.push(answer, json(200, { SecretString: 'after-retry' }));

    // Act
    const output = await reader().getSecretValue({ SecretId: ARN, VersionStage: 'AWSCURRENT' });

    // Assert
    expect(output.SecretString).toBe('after-retry');
    expect(received).toHaveLength(2);
  });

  it('gives up after two attempts with a transient error', async () => {
    // Arrange
    answers.push(json(503, { __type: 'ServiceUnavailable' }), json(503, { __type: 'ServiceUnavailable' }));

    // Act
    const error = await failureOf(reader().getSecretValue({ SecretId: ARN, VersionStage: 'AWSCURRENT' }));

    // Assert
    expect(error.$fault).toBe('server');
    expect(error.$metadata).toEqual(expect.objectContaining({ httpStatusCode: 503 }));
    expect(classifyAwsError(error)).toBe('transient');
    expect(received).toHaveLength(2);
  });

  it('times out a request that gets no answer, as a TimeoutError, after two attempts', async () => {
    // Arrange
    answers.push(silent, silent);
    const started = Date.now();

    // Act
    const error = await failureOf(reader().getSecretValue({ SecretId: ARN, VersionStage: 'AWSCURRENT' }));

    // Assert
    expect(error.name).toBe('TimeoutError');
    expect(classifyAwsError(error)).toBe('transient');
    expect(received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports an unreachable endpoint with Node code, transient', async () => {
    // Arrange: a port nothing listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    // Act
    const error = await failureOf(
      reader({ endpoint: `http://127.0.0.1:${port}` }).getSecretValue({ SecretId: ARN, VersionStage: 'AWSCURRENT' }),
    );

    // Assert
    expect(error.code).toBe('ECONNREFUSED');
    expect(classifyAwsError(error)).toBe('transient');
  });
});

describe('secretsManagerEndpoint', () => {
  it.each([
    [{ AWS_REGION: REGION }, 'https://secretsmanager.eu-west-1.amazonaws.com'],
    [{ AWS_REGION: REGION, AWS_USE_FIPS_ENDPOINT: 'true' }, 'https://secretsmanager-fips.eu-west-1.amazonaws.com'],
    [{ AWS_REGION: 'cn-north-1' }, 'https://secretsmanager.cn-north-1.amazonaws.com.cn'],
    [{ AWS_REGION: REGION, AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' }, 'http://127.0.0.1:5000'],
    [
      { AWS_REGION: REGION, AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://b:2' },
      'http://b:2',
    ],
    [
      { AWS_REGION: REGION, AWS_ENDPOINT_URL: 'http://a:1', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      'https://secretsmanager.eu-west-1.amazonaws.com',
    ],
  ])('resolves %j as the SDK does', (env, expected) => {
    expect(secretsManagerEndpoint(env)).toBe(expected);
  });

  it('says how to fix a missing region', () => {
    expect(() => secretsManagerEndpoint({})).toThrow(/AWS_REGION is not set/);
    expect(() => secretsManagerReaderFromEnv({}, FAST)).toThrow(/AWS_REGION is not set/);
  });
});

describe('credentialsFromEnv', () => {
  it('reads the credentials the Lambda runtime sets, on every call', async () => {
    const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'sk', AWS_SESSION_TOKEN: 'st' };
    const credentials = credentialsFromEnv(env);

    expect(await credentials()).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'sk', sessionToken: 'st' });
    env.AWS_ACCESS_KEY_ID = 'AKID2';
    expect((await credentials()).accessKeyId).toBe('AKID2');
  });

  it('falls back to the SDK provider chain without them, which fails as the SDK does when it finds none', async () => {
    // Arrange: no variables, and a config and credentials file that do not exist.
    const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: 'AKID' };
    const saved = { ...process.env };
    for (const name of Object.keys(process.env).filter((key) => key.startsWith('AWS_'))) delete process.env[name];
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';

    // Act
    let error: unknown;
    try {
      await credentialsFromEnv(env)();
    } catch (caught) {
      error = caught;
    } finally {
      process.env = saved;
    }

    // Assert
    expect((error as Error).name).toBe('CredentialsProviderError');
    expect(classifyAwsError(error)).toBe('refused');
  });
});
