// What X-Ray receives from the functions: bundles and modules loaded the way Lambda loads them with active
// tracing (LAMBDA_TASK_ROOT, AWS_EXECUTION_ENV, a trace header per invocation, AWS_XRAY_DAEMON_ADDRESS), the
// daemon replaced by a UDP socket that keeps every segment document. The external calls must show as
// subsegments, and no secret, credential, SQL text or value may appear in what is sent.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../functions/shared/http';
import type * as PostgresModule from '../../functions/shared/postgres';
import { connect, type LoginDetails } from '../../functions/shared/postgres';
import type * as TracingModule from '../../functions/shared/tracing';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { awsClientConfig, bundleEnv, loadServices } from '../support/services';
import { type SegmentDocument, startXrayDaemon, type XrayDaemon } from '../support/xray-daemon';
import { secretFor, signedHeaders } from '../unit/webhook/signers';

type UrlFunction = LambdaModule<FunctionUrlEvent, FunctionUrlResult>;

const services = loadServices();
const { postgres } = services;
const ca = readFileSync(postgres.caFile, 'utf8');
const secrets = new SecretsManagerClient(awsClientConfig(services));
const ssm = new SSMClient(awsClientConfig(services));
let daemon: XrayDaemon;
let admin: Client;

beforeAll(async () => {
  buildBundles(['webhook', 'api']);
  daemon = await startXrayDaemon();
  admin = await connect(
    {
      host: postgres.host,
      port: postgres.port,
      dbname: postgres.database,
      username: postgres.user,
      password: postgres.password,
    },
    { ca },
  );
});

afterAll(async () => {
  await admin?.end();
  await daemon?.close();
  secrets.destroy();
  ssm.destroy();
});

beforeEach(() => daemon.reset());

/** What the Lambda runtime sets in a function with active tracing, before the module loads. */
function lambdaEnv(functionName: string): Record<string, string> {
  return {
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    _HANDLER: 'index.handler',
    AWS_XRAY_DAEMON_ADDRESS: daemon.address,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    POWERTOOLS_SERVICE_NAME: functionName,
  };
}

/** A new invocation's trace header, as the runtime sets it in _X_AMZN_TRACE_ID; returns its root and parent. */
function startInvocation(): { root: string; parent: string } {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const parent = randomBytes(8).toString('hex');
  process.env._X_AMZN_TRACE_ID = `Root=${root};Parent=${parent};Sampled=1`;
  return { root, parent };
}

const named = (name: string) => (doc: SegmentDocument) => doc.name === name;
const HANDLER = '## index.handler';

function only(docs: SegmentDocument[], name: string): SegmentDocument {
  const matching = docs.filter(named(name));
  expect(matching.map((doc) => doc.name)).toEqual([name]);
  return matching[0] as SegmentDocument;
}

describe('a traced webhook request', () => {
  it('shows the Secrets Manager call as a subsegment of the handler, and never the secret', async () => {
    // Arrange
    const secret = secretFor('github', 'traced');
    const arn = (
      await secrets.send(new CreateSecretCommand({ Name: `trace-it-${randomUUID()}`, SecretString: secret }))
    ).ARN as string;
    const webhook = loadBundle<UrlFunction>(
      'webhook',
      bundleEnv(services, {
        ...lambdaEnv('acme-it-webhook'),
        WEBHOOK_SCHEME: 'github',
        WEBHOOK_SECRET_ARN: arn,
        WEBHOOK_TOLERANCE_SECONDS: '300',
        WEBHOOK_MAX_BODY_BYTES: '262144',
      }),
    );
    const body = '{"zen":"traced body"}';
    const headers = signedHeaders('github', secret, body, Math.floor(Date.now() / 1000));
    const { root, parent } = startInvocation();

    // Act
    const response = await webhook.handler({
      version: '2.0',
      rawPath: '/',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      isBase64Encoded: false,
      requestContext: { timeEpoch: Date.now(), http: { method: 'POST', path: '/' } },
    });
    const docs = await daemon.waitFor(named(HANDLER));

    // Assert
    expect(response.statusCode).toBe(200);
    const handler = only(docs, HANDLER);
    const call = only(docs, 'SecretsManager');
    expect(handler).toMatchObject({ trace_id: root, parent_id: parent, type: 'subsegment' });
    expect(handler.annotations).toEqual({ ColdStart: true, Service: 'acme-it-webhook', statusCode: 200 });
    expect(call).toMatchObject({
      trace_id: root,
      parent_id: handler.id,
      namespace: 'aws',
      aws: { operation: 'GetSecretValue' },
      http: { response: { status: 200 } },
    });
    const sent = daemon.raw.join('\n');
    for (const value of [secret, body, Object.values(headers).join(' ')]) expect(sent).not.toContain(value);
  });
});

describe('a traced API request', () => {
  it('shows Secrets Manager and each PostgreSQL step as subsegments, without the credential or the SQL', async () => {
    // Arrange
    const user = `trace_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    await admin.query(`CREATE ROLE ${escapeIdentifier(user)} LOGIN PASSWORD ${escapeLiteral(password)}`);
    const credential = JSON.stringify({
      engine: 'postgres',
      host: postgres.host,
      port: postgres.port,
      dbname: postgres.database,
      username: user,
      password,
    });
    const arn = (
      await secrets.send(new CreateSecretCommand({ Name: `trace-it-${randomUUID()}`, SecretString: credential }))
    ).ARN as string;
    const parameterName = `/trace-it/${randomUUID()}/config`;
    const setting = `setting-${randomUUID()}`;
    await ssm.send(new PutParameterCommand({ Name: parameterName, Type: 'SecureString', Value: setting }));
    const api = loadBundle<UrlFunction>(
      'api',
      bundleEnv(services, {
        ...lambdaEnv('acme-it-api'),
        CONFIG_PARAMETER_NAME: parameterName,
        DB_SECRET_ARN: arn,
        SECRET_CACHE_TTL_SECONDS: '300',
      }),
    );
    const get = (path: string): FunctionUrlEvent => ({
      version: '2.0',
      rawPath: path,
      headers: {},
      isBase64Encoded: false,
      requestContext: { timeEpoch: Date.now(), http: { method: 'GET', path } },
    });

    // Act
    startInvocation();
    const ping = await api.handler(get('/db/ping'));
    const pingDocs = await daemon.waitFor(named(HANDLER));
    daemon.reset();
    startInvocation();
    const settings = await api.handler(get('/settings'));
    const settingsDocs = await daemon.waitFor(named(HANDLER));

    // Assert
    expect([ping.statusCode, settings.statusCode]).toEqual([200, 200]);
    expect(only(pingDocs, 'SecretsManager').aws?.operation).toBe('GetSecretValue');
    const database = only(pingDocs, 'PostgreSQL');
    expect(database).toMatchObject({ namespace: 'remote', parent_id: only(pingDocs, HANDLER).id });
    expect(only(pingDocs, 'connect').parent_id).toBe(database.id);
    expect(only(pingDocs, 'SELECT').parent_id).toBe(database.id);
    expect(only(settingsDocs, 'SSM').aws?.operation).toBe('GetParameter');
    expect(only(settingsDocs, HANDLER).annotations?.ColdStart).toBe(false);
    const sent = daemon.raw.join('\n');
    for (const value of [password, user, setting, 'current_user', 'SELECT current']) expect(sent).not.toContain(value);
  });
});

describe('traced PostgreSQL statements', () => {
  /** functions/shared/postgres.ts and its tracer, loaded afresh in a Lambda environment with tracing on. */
  function loadTracedModules(): { db: typeof PostgresModule; tracing: typeof TracingModule } {
    Object.assign(process.env, lambdaEnv('acme-it-postgres'));
    let modules: { db: typeof PostgresModule; tracing: typeof TracingModule } | undefined;
    jest.isolateModules(() => {
      modules = {
        db: require('../../functions/shared/postgres') as typeof PostgresModule,
        tracing: require('../../functions/shared/tracing') as typeof TracingModule,
      };
    });
    return modules as { db: typeof PostgresModule; tracing: typeof TracingModule };
  }

  it('names each statement by its operation and records a failure by SQLSTATE, never literals or values', async () => {
    // Arrange
    const { db, tracing } = loadTracedModules();
    const login: LoginDetails = {
      host: postgres.host,
      port: postgres.port,
      dbname: postgres.database,
      username: postgres.user,
      password: postgres.password,
    };
    const literal = `literal-${randomUUID()}`;
    const bound = `bound-${randomUUID()}`;
    const invocation = tracing.traceHandler(async () =>
      db.withConnection(login, { ca }, async (client) => {
        await client.query('BEGIN');
        await client.query(`SELECT ${escapeLiteral(literal)} AS a, $1::text AS b`, [bound]);
        await client.query('SELECT 1 / $1::int AS boom', [0]).catch(() => undefined);
        await client.query('ROLLBACK');
      }),
    );
    startInvocation();

    // Act
    await invocation(undefined);
    const docs = await daemon.waitFor(named(HANDLER));

    // Assert
    const database = only(docs, 'PostgreSQL');
    const statements = docs.filter((doc) => doc.parent_id === database.id);
    expect(statements.map((doc) => doc.name)).toEqual(['connect', 'BEGIN', 'SELECT', 'SELECT', 'ROLLBACK']);
    const failed = statements.filter((doc) => doc.error === true);
    expect(failed.map((doc) => doc.annotations)).toEqual([{ errorName: 'DatabaseError', sqlState: '22012' }]);
    const sent = daemon.raw.join('\n');
    for (const value of [literal, bound, 'boom', 'division by zero', postgres.password, 'pg_roles']) {
      expect(sent).not.toContain(value);
    }
  });
});
