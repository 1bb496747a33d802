// The built api bundle against moto (Secrets Manager, SSM) through a counting proxy and a real PostgreSQL
// over verified TLS: the routes, the credential cache, and the refetch-once when a login is refused.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../functions/shared/http';
import { connect } from '../../functions/shared/postgres';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { type CountingProxy, startCountingProxy } from '../support/counting-proxy';
import { awsClientConfig, bundleEnv, loadServices } from '../support/services';

type Api = LambdaModule<FunctionUrlEvent, FunctionUrlResult>;

const services = loadServices();
const { postgres } = services;
const secrets = new SecretsManagerClient(awsClientConfig(services));
const ssm = new SSMClient(awsClientConfig(services));
let proxy: CountingProxy;
let admin: Client;
const parameterName = `/api-it/${randomUUID()}/app/config`;

beforeAll(async () => {
  buildBundles(['api']);
  proxy = await startCountingProxy(services.aws.endpoint);
  admin = await connect(
    {
      host: postgres.host,
      port: postgres.port,
      dbname: postgres.database,
      username: postgres.user,
      password: postgres.password,
    },
    { ca: readFileSync(postgres.caFile, 'utf8') },
  );
  await ssm.send(
    new PutParameterCommand({ Name: parameterName, Type: 'SecureString', Value: '{"greeting":"hello from it"}' }),
  );
});

afterAll(async () => {
  await admin?.end();
  await proxy?.close();
  secrets.destroy();
  ssm.destroy();
});

beforeEach(() => proxy.reset());

const newPassword = () => randomBytes(18).toString('base64url');

/** A login role and the secret that holds its credential, in the contract's format. */
async function appUser(): Promise<{ user: string; password: string; arn: string }> {
  const user = `api_${randomBytes(4).toString('hex')}`;
  const password = newPassword();
  await admin.query(`CREATE ROLE ${escapeIdentifier(user)} LOGIN PASSWORD ${escapeLiteral(password)}`);
  const out = await secrets.send(
    new CreateSecretCommand({ Name: `api-it-${randomUUID()}`, SecretString: credential(user, password) }),
  );
  return { user, password, arn: out.ARN as string };
}

function credential(username: string, password: string): string {
  return JSON.stringify({
    engine: 'postgres',
    host: postgres.host,
    port: postgres.port,
    dbname: postgres.database,
    username,
    password,
    masterarn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-master',
  });
}

function coldStart(dbSecretArn: string | undefined, extra: Record<string, string> = {}): Api {
  return loadBundle<Api>(
    'api',
    bundleEnv(services, {
      AWS_ENDPOINT_URL: proxy.endpoint,
      CONFIG_PARAMETER_NAME: parameterName,
      DB_SECRET_ARN: dbSecretArn ?? '',
      SECRET_CACHE_TTL_SECONDS: '300',
      POWERTOOLS_LOG_LEVEL: 'CRITICAL',
      ...extra,
    }),
  );
}

function get(path: string): FunctionUrlEvent {
  return {
    version: '2.0',
    rawPath: path,
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      timeEpoch: Date.now(),
      http: { method: 'GET', path },
      authorizer: {
        iam: {
          accountId: '123456789012',
          userArn: 'arn:aws:sts::123456789012:assumed-role/it-api-invoker/session',
          userId: 'AROAIT:session',
          callerId: 'AROAIT:session',
        },
      },
    },
  };
}

const body = (response: FunctionUrlResult) => JSON.parse(response.body) as Record<string, unknown>;
const credentialFetches = () => proxy.count('secretsmanager.GetSecretValue');

describe('api bundle against moto and PostgreSQL', () => {
  it('answers /db/ping as the user in the secret over verified TLS, reading the secret once per window', async () => {
    // Arrange
    const { user, arn } = await appUser();
    const api = coldStart(arn);

    // Act
    const first = await api.handler(get('/db/ping'));
    const second = await api.handler(get('/db/ping'));

    // Assert
    expect(first.statusCode).toBe(200);
    expect(body(first)).toMatchObject({ currentUser: user, database: postgres.database });
    expect(second.statusCode).toBe(200);
    expect(credentialFetches()).toBe(1);
  });

  it('refetches the credential once after a rotation and logs in with the new password', async () => {
    // Arrange: warm instance with the old credential cached; then the password changes in both places.
    const { user, arn } = await appUser();
    const api = coldStart(arn);
    expect((await api.handler(get('/db/ping'))).statusCode).toBe(200);
    const rotated = newPassword();
    await admin.query(`ALTER ROLE ${escapeIdentifier(user)} PASSWORD ${escapeLiteral(rotated)}`);
    await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: credential(user, rotated) }));

    // Act
    const response = await api.handler(get('/db/ping'));

    // Assert
    expect(response.statusCode).toBe(200);
    expect(body(response).currentUser).toBe(user);
    expect(credentialFetches()).toBe(2);
  });

  it('answers 503 after exactly one refetch when the secret still holds a refused password', async () => {
    const { user, arn } = await appUser();
    await admin.query(`ALTER ROLE ${escapeIdentifier(user)} PASSWORD ${escapeLiteral(newPassword())}`);
    const api = coldStart(arn);

    const response = await api.handler(get('/db/ping'));

    expect(response.statusCode).toBe(503);
    expect(body(response)).toEqual({ error: 'database unavailable' });
    expect(credentialFetches()).toBe(2);
  });

  it('refuses a server whose certificate does not chain to DB_CA_BUNDLE_PATH', async () => {
    const { arn } = await appUser();
    const api = coldStart(arn, { DB_CA_BUNDLE_PATH: '/etc/ssl/certs/ca-certificates.crt' });

    const response = await api.handler(get('/db/ping'));

    expect(response.statusCode).toBe(503);
    // A certificate failure is not a refused login: no refetch.
    expect(credentialFetches()).toBe(1);
  });

  it('returns the SecureString settings, /health, /whoami and a JSON 404', async () => {
    const api = coldStart(undefined);

    const settings = await api.handler(get('/settings'));
    const health = await api.handler(get('/health'));
    const whoami = await api.handler(get('/whoami'));
    const missing = await api.handler(get('/missing'));
    const noDatabase = await api.handler(get('/db/ping'));

    expect([settings.statusCode, health.statusCode, whoami.statusCode, missing.statusCode]).toEqual([
      200, 200, 200, 404,
    ]);
    expect(body(settings)).toEqual({ greeting: 'hello from it' });
    expect(body(whoami).userArn).toBe('arn:aws:sts::123456789012:assumed-role/it-api-invoker/session');
    expect(noDatabase.statusCode).toBe(503);
    expect(proxy.count('AmazonSSM.GetParameter', (b) => b.WithDecryption === true)).toBe(1);
  });
});
