import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { ApiConfig } from '../../../functions/api/config';
import { createHandler, createHandlerFromEnv } from '../../../functions/api/handler';
import { EncryptedValueError } from '../../../functions/shared/encrypted-env';
import type { AppLogger } from '../../../functions/shared/logger';
import type { ParameterSource } from '../../../functions/shared/parameter-cache';
import { SecretCache } from '../../../functions/shared/secret-cache';
import { capturingLogger } from '../shared/capture-logs';
import { apiEvent, CALLER, credentialJson, DB_SECRET_ARN, FakeDatabase, FakeSecretsManager } from './fakes';

const silent: AppLogger = { info() {}, warn() {}, error() {}, addContext() {} };
const clock = { now: () => 0 };

function config(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    dbSecretArn: DB_SECRET_ARN,
    configParameterName: '/app/dev/app/config',
    caBundlePath: '/unused',
    cacheTtlSeconds: 300,
    hasSigningKey: false,
    ...overrides,
  };
}

function setup(
  options: {
    secret?: string | Error;
    roles?: Record<string, string>;
    settings?: ParameterSource;
    config?: Partial<ApiConfig>;
    logger?: AppLogger;
    signingKey?: () => Promise<string>;
  } = {},
) {
  const secretsManager = new FakeSecretsManager(options.secret ?? credentialJson('app_user', 'pw-1'));
  const database = new FakeDatabase(options.roles ?? { app_user: 'pw-1' });
  const parameterCalls: string[] = [];
  const parameters: ParameterSource = options.settings ?? {
    async getParameter(name) {
      parameterCalls.push(name);
      return '{"greeting":"hello from dev"}';
    },
  };
  const handler = createHandler({
    config: config(options.config),
    secrets: new SecretCache({ client: secretsManager, ttlSeconds: 300, clock }),
    parameters,
    runWithLogin: database.run,
    clock,
    logger: options.logger ?? silent,
    ...(options.signingKey === undefined ? {} : { signingKey: options.signingKey }),
  });
  return { handler, secretsManager, database, parameterCalls };
}

describe('api handler, routes', () => {
  it('answers GET /health without touching Secrets Manager, SSM or the database', async () => {
    // Arrange
    const { handler, secretsManager, database, parameterCalls } = setup();

    // Act
    const response = await handler(apiEvent('GET', '/health'));

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
    expect([secretsManager.calls, database.logins.length, parameterCalls.length]).toEqual([0, 0, 0]);
  });

  it('echoes the IAM caller on GET /whoami, without the access key id', async () => {
    const { handler } = setup();

    const response = await handler(apiEvent('GET', '/whoami'));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      accountId: CALLER.accountId,
      userArn: CALLER.userArn,
      userId: CALLER.userId,
      callerId: CALLER.callerId,
      principalOrgId: CALLER.principalOrgId,
    });
    expect(response.body).not.toContain(CALLER.accessKey);
  });

  it('answers 401 on GET /whoami when the request carries no IAM caller', async () => {
    const { handler } = setup();

    const response = await handler(apiEvent('GET', '/whoami', null));

    expect(response.statusCode).toBe(401);
  });

  it('returns the settings parameter as JSON on GET /settings', async () => {
    const { handler, parameterCalls } = setup();

    const response = await handler(apiEvent('GET', '/settings'));

    expect(JSON.parse(response.body)).toEqual({ greeting: 'hello from dev' });
    expect(parameterCalls).toEqual(['/app/dev/app/config']);
  });

  it('returns only the allow-listed settings, never other keys of the SecureString', async () => {
    const value = JSON.stringify({ greeting: 'hi', internalToken: 'tok_123', nested: { greeting: 'x' } });
    const { handler } = setup({ settings: { getParameter: async () => value } });

    const response = await handler(apiEvent('GET', '/settings'));

    expect(JSON.parse(response.body)).toEqual({ greeting: 'hi' });
  });

  it('returns no settings when the parameter is not a JSON object', async () => {
    const { handler } = setup({ settings: { getParameter: async () => 'plain secret text' } });

    const response = await handler(apiEvent('GET', '/settings'));

    expect(JSON.parse(response.body)).toEqual({});
  });

  it.each(['/', '/nope', '/health/', '/HEALTH', '/__proto__', '/constructor', '/db'])(
    'answers %s with a JSON 404',
    async (path) => {
      const { handler } = setup();

      const response = await handler(apiEvent('GET', path));

      expect(response.statusCode).toBe(404);
      expect(JSON.parse(response.body)).toEqual({ error: 'not found' });
    },
  );

  it.each(['POST', 'DELETE', 'PUT'])('answers %s /health with 405 and Allow: GET', async (method) => {
    const { handler } = setup();

    const response = await handler(apiEvent(method, '/health'));

    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET');
  });

  it('answers an event without request context with a 4xx instead of throwing', async () => {
    const { handler } = setup();

    const response = await handler({});

    expect(response.statusCode).toBe(404);
  });
});

describe('api handler, GET /whoami/signed', () => {
  const KEY = 'signing-key-from-npm-run-encrypt';

  it('signs the caller ARN with the decrypted key, an HMAC a holder of the key can check', async () => {
    const { handler } = setup({ signingKey: async () => KEY });

    const response = await handler(apiEvent('GET', '/whoami/signed'));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      userArn: CALLER.userArn,
      signature: createHmac('sha256', KEY)
        .update(CALLER.userArn as string)
        .digest('base64url'),
    });
  });

  it('answers 503 "signing key not configured" when the environment has none', async () => {
    const { handler } = setup();

    const response = await handler(apiEvent('GET', '/whoami/signed'));

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toEqual({ error: 'signing key not configured' });
  });

  it('answers 503 when KMS does not decrypt the key, and logs the reason but never the key or the ciphertext', async () => {
    const capture = capturingLogger();
    const responses: string[] = [];
    try {
      const { handler } = setup({
        logger: capture.logger,
        signingKey: async () => {
          throw new EncryptedValueError('KMS did not decrypt API_SIGNING_KEY_ENCRYPTED');
        },
      });
      responses.push(JSON.stringify(await handler(apiEvent('GET', '/whoami/signed'))));
      const signing = setup({ logger: capture.logger, signingKey: async () => KEY });
      responses.push(JSON.stringify(await signing.handler(apiEvent('GET', '/whoami/signed'))));
    } finally {
      capture.restore();
    }

    expect(JSON.parse(JSON.parse(responses[0] ?? '{}').body)).toEqual({ error: 'service unavailable' });
    const logs = capture.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs.map((l) => l.reason)).toEqual(['signing_key_unavailable', undefined]);
    expect([...responses, ...capture.lines()].join('\n')).not.toContain(KEY);
  });
});

describe('api handler, GET /db/ping', () => {
  it('queries PostgreSQL with the credential from the secret', async () => {
    const { handler, database } = setup();

    const response = await handler(apiEvent('GET', '/db/ping'));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      currentUser: 'app_user',
      database: 'app',
      serverTime: '2025-10-09T08:00:00.000Z',
    });
    expect(database.logins).toEqual(['app_user']);
  });

  it('reads the credential once per cache window', async () => {
    const { handler, secretsManager } = setup();

    await handler(apiEvent('GET', '/db/ping'));
    await handler(apiEvent('GET', '/db/ping'));

    expect(secretsManager.calls).toBe(1);
  });

  it('refetches the credential once when the database refuses the cached one, and succeeds with the new one', async () => {
    // Arrange: the cache holds app_user; the rotation then made app_user_clone current.
    const capture = capturingLogger();
    let response: Awaited<ReturnType<ReturnType<typeof setup>['handler']>>;
    const { handler, secretsManager, database } = setup({ logger: capture.logger });
    try {
      await handler(apiEvent('GET', '/db/ping'));
      secretsManager.current = credentialJson('app_user_clone', 'pw-2');
      database.roles = { app_user: 'pw-changed', app_user_clone: 'pw-2' };

      // Act
      response = await handler(apiEvent('GET', '/db/ping'));
    } finally {
      capture.restore();
    }

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).currentUser).toBe('app_user_clone');
    expect(secretsManager.calls).toBe(2);
    expect(database.logins).toEqual(['app_user', 'app_user', 'app_user_clone']);
    expect(capture.lines().some((l) => JSON.parse(l).reason === 'credential_refetched')).toBe(true);
  });

  it('fails with 503 after one refetch when the secret still holds the refused credential', async () => {
    const { handler, secretsManager, database } = setup({ roles: { app_user: 'other' } });

    const response = await handler(apiEvent('GET', '/db/ping'));

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toEqual({ error: 'database unavailable' });
    expect(secretsManager.calls).toBe(2);
    expect(database.logins).toEqual(['app_user']);
  });

  it('tries the refetched credential only once when it is refused as well', async () => {
    const { handler, secretsManager, database } = setup({ roles: {} });
    await handler(apiEvent('GET', '/db/ping'));
    secretsManager.current = credentialJson('app_user_clone', 'pw-2');

    const response = await handler(apiEvent('GET', '/db/ping'));

    expect(response.statusCode).toBe(503);
    expect(database.logins.slice(1)).toEqual(['app_user', 'app_user_clone']);
  });

  it('does not refetch the credential for failures that are not about the login', async () => {
    const { handler, secretsManager, database } = setup();
    database.failWith = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:5432'), { code: 'ECONNREFUSED' });

    const response = await handler(apiEvent('GET', '/db/ping'));

    expect(response.statusCode).toBe(503);
    expect(secretsManager.calls).toBe(1);
  });

  it('answers 503 "database not configured" when DB_SECRET_ARN is unset', async () => {
    const { handler, secretsManager } = setup({ config: { dbSecretArn: undefined } });

    const response = await handler(apiEvent('GET', '/db/ping'));

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toEqual({ error: 'database not configured' });
    expect(secretsManager.calls).toBe(0);
  });

  it('answers 503 when the credential secret is not a usable credential', async () => {
    const { handler } = setup({ secret: '{"username":"app_user"}' });

    const response = await handler(apiEvent('GET', '/db/ping'));

    expect(response.statusCode).toBe(503);
  });

  it('answers 503 when Secrets Manager cannot be reached', async () => {
    const { handler } = setup({ secret: Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }) });

    const response = await handler(apiEvent('GET', '/db/ping'));

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toEqual({ error: 'service unavailable' });
  });
});

describe('api handler, failures', () => {
  it('answers 503 when the settings parameter cannot be read', async () => {
    const { ParameterUnavailableError } = await import('../../../functions/shared/errors');
    const { handler } = setup({
      settings: {
        getParameter: async () => {
          throw new ParameterUnavailableError('denied');
        },
      },
    });

    const response = await handler(apiEvent('GET', '/settings'));

    expect(response.statusCode).toBe(503);
  });

  it('answers an unexpected error with 500 and no stack trace or message', async () => {
    const { handler } = setup({
      settings: {
        getParameter: async () => {
          throw new TypeError('Cannot read properties of undefined (reading "x")');
        },
      },
    });

    const response = await handler(apiEvent('GET', '/settings'));

    expect(response.statusCode).toBe(500);
    expect(response.body).toBe(JSON.stringify({ error: 'internal error' }));
  });

  it('keeps the database password out of responses and logs, also when the login is refused', async () => {
    const capture = capturingLogger();
    const responses: string[] = [];
    try {
      const { handler } = setup({
        secret: credentialJson('app_user', 'pw-very-secret-1'),
        roles: {},
        logger: capture.logger,
      });
      for (const path of ['/db/ping', '/whoami', '/health', '/missing']) {
        responses.push(JSON.stringify(await handler(apiEvent('GET', path))));
      }
    } finally {
      capture.restore();
    }

    const text = [...responses, ...capture.lines()].join('\n');
    expect(text).not.toContain('pw-very-secret-1');
    expect(text).not.toContain(CALLER.accessKey);
    expect(capture.lines().map((l) => JSON.parse(l).sqlState)).toContain('28P01');
  });

  it('answers 500 naming nothing to the caller when CONFIG_PARAMETER_NAME is missing', async () => {
    const capture = capturingLogger();
    let status = 0;
    try {
      status = (await createHandlerFromEnv({}, capture.logger)(apiEvent('GET', '/health'))).statusCode;
    } finally {
      capture.restore();
    }

    expect(status).toBe(500);
    expect(capture.lines().join('\n')).toContain('CONFIG_PARAMETER_NAME');
  });
});

describe('api handler under random input', () => {
  it('answers events of any shape without throwing and without a 5xx', async () => {
    const { handler } = setup();

    await fc.assert(
      fc.asyncProperty(fc.anything(), async (anything) => {
        const response = await handler(anything as never);

        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
