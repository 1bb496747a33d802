import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AWS_CLIENT_OPTIONS } from '../shared/aws-client-options';
import { type Clock, systemClock } from '../shared/clock';
import { EncryptedEnvironment, EncryptedValueError } from '../shared/encrypted-env';
import { ConfigurationError, ParameterUnavailableError, SecretUnavailableError } from '../shared/errors';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  type IamCaller,
  jsonResponse,
  requestMethod,
} from '../shared/http';
import { type AppLogger, type LambdaContextLike, PowertoolsAppLogger } from '../shared/logger';
import { misconfiguredHandler } from '../shared/misconfigured-handler';
import { ParameterCache, type ParameterSource } from '../shared/parameter-cache';
import { loadCaBundle, sqlState, withConnection } from '../shared/postgres';
import { SecretCache, type SecretSource } from '../shared/secret-cache';
import { sdkSecretsReader } from '../shared/secrets-manager-sdk';
import { traceHandler, tracer } from '../shared/tracing';
import { signCaller } from './caller-signature';
import { type ApiConfig, readApiConfig, SIGNING_KEY_VARIABLE } from './config';
import { CredentialedDatabase, ping, type RunWithLogin } from './database';
import {
  DatabaseAuthenticationError,
  DatabaseNotConfiguredError,
  DatabaseUnavailableError,
  MethodNotAllowedError,
  MissingCallerError,
  RouteNotFoundError,
  SigningKeyNotConfiguredError,
} from './errors';
import { publicSettings } from './public-settings';
import { matchRoute, type RouteName } from './routes';
import { API_TIMEOUTS } from './timeouts';

export interface ApiHandlerDeps {
  readonly config: ApiConfig;
  /** Database credential by stage (cached Secrets Manager in Lambda). */
  readonly secrets: SecretSource;
  /** The settings parameter (cached SSM in Lambda). */
  readonly parameters: ParameterSource;
  /** Opens a verified-TLS connection, runs the work, closes it (postgres.ts withConnection in Lambda). */
  readonly runWithLogin: RunWithLogin;
  /** The signing key in plaintext (decrypted once per cold start in Lambda); unset without a key. */
  readonly signingKey?: () => Promise<string>;
  readonly clock: Clock;
  readonly logger: AppLogger;
}

export type ApiHandler = (event: FunctionUrlEvent, context?: LambdaContextLike) => Promise<FunctionUrlResult>;

/**
 * The JSON API behind the AWS_IAM function URL. Client errors get 4xx with a JSON error; dependencies that
 * fail get 503 and anything unexpected 500, never with a stack trace. It never throws.
 */
export function createHandler(deps: ApiHandlerDeps): ApiHandler {
  const { config, clock, logger } = deps;
  const database =
    config.dbSecretArn === undefined
      ? undefined
      : new CredentialedDatabase({
          secrets: deps.secrets,
          secretArn: config.dbSecretArn,
          run: deps.runWithLogin,
          logger,
        });

  const actions: Record<RouteName, (event: FunctionUrlEvent) => Promise<unknown>> = {
    health: async () => ({ status: 'ok' }),
    whoami: async (event) => callerOf(event.requestContext?.authorizer?.iam),
    signedWhoami: async (event) => {
      const caller = callerOf(event.requestContext?.authorizer?.iam);
      if (deps.signingKey === undefined) {
        throw new SigningKeyNotConfiguredError(
          `${SIGNING_KEY_VARIABLE} is not set: this environment has no signing key`,
        );
      }
      const userArn = caller.userArn as string;
      return { userArn, signature: signCaller(await deps.signingKey(), userArn) };
    },
    settings: async () => publicSettings(await deps.parameters.getParameter(config.configParameterName)),
    dbPing: async () => {
      if (database === undefined) {
        throw new DatabaseNotConfiguredError('DB_SECRET_ARN is not set: this environment has no database');
      }
      return database.query(ping);
    },
  };

  return async (event, context) => {
    const started = clock.now();
    const method = requestMethod(event);
    let route: RouteName | undefined;
    let response: FunctionUrlResult;
    let error: unknown;
    try {
      logger.addContext(context);
      route = matchRoute(method, typeof event?.rawPath === 'string' ? event.rawPath : '');
      response = jsonResponse(200, await actions[route](event));
    } catch (caught) {
      error = caught;
      response = toResponse(caught);
    }
    const fields = {
      method,
      route: route ?? 'unmatched',
      status: response.statusCode,
      durationMs: clock.now() - started,
      ...(error === undefined ? {} : describe(error)),
    };
    if (response.statusCode >= 500) {
      logger.error('api request failed', { outcome: 'failed', ...fields });
    } else if (response.statusCode >= 400) {
      logger.warn('api request rejected', { outcome: 'rejected', ...fields });
    } else {
      logger.info('api request', { outcome: 'accepted', ...fields });
    }
    return response;
  };
}

/** The caller as the AWS_IAM function URL authenticated it; the access key id is left out. */
function callerOf(iam: IamCaller | undefined): Record<string, string | null> {
  if (iam === undefined || typeof iam.userArn !== 'string') {
    throw new MissingCallerError('the request has no IAM caller');
  }
  return {
    accountId: iam.accountId ?? null,
    userArn: iam.userArn,
    userId: iam.userId ?? null,
    callerId: iam.callerId ?? null,
    principalOrgId: iam.principalOrgId ?? null,
  };
}

function toResponse(error: unknown): FunctionUrlResult {
  if (error instanceof RouteNotFoundError) {
    return jsonResponse(404, { error: 'not found' });
  }
  if (error instanceof MethodNotAllowedError) {
    return jsonResponse(405, { error: 'method not allowed' }, { allow: error.allowed.join(', ') });
  }
  if (error instanceof MissingCallerError) {
    return jsonResponse(401, { error: 'unauthenticated' });
  }
  if (error instanceof DatabaseNotConfiguredError) {
    return jsonResponse(503, { error: 'database not configured' });
  }
  if (error instanceof SigningKeyNotConfiguredError) {
    return jsonResponse(503, { error: 'signing key not configured' });
  }
  if (error instanceof DatabaseUnavailableError) {
    return jsonResponse(503, { error: 'database unavailable' }, { 'retry-after': '5' });
  }
  if (
    error instanceof SecretUnavailableError ||
    error instanceof ParameterUnavailableError ||
    error instanceof EncryptedValueError
  ) {
    return jsonResponse(503, { error: 'service unavailable' }, { 'retry-after': '5' });
  }
  return jsonResponse(500, { error: 'internal error' });
}

/** Log fields of a failure: our reason, the class name, and the SQLSTATE when the database answered. */
function describe(error: unknown): { reason: string; errorName: string; sqlState?: string } {
  const state = error instanceof Error ? sqlState(error.cause) : undefined;
  return {
    reason: reasonOf(error),
    errorName: error instanceof Error ? error.name : typeof error,
    ...(state === undefined ? {} : { sqlState: state }),
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof RouteNotFoundError) return 'route_not_found';
  if (error instanceof MethodNotAllowedError) return 'method_not_allowed';
  if (error instanceof MissingCallerError) return 'missing_caller';
  if (error instanceof DatabaseNotConfiguredError) return 'database_not_configured';
  if (error instanceof DatabaseAuthenticationError) return 'database_authentication_failed';
  if (error instanceof DatabaseUnavailableError) return 'database_unavailable';
  if (error instanceof SecretUnavailableError) return 'secret_unavailable';
  if (error instanceof ParameterUnavailableError) return 'parameter_unavailable';
  if (error instanceof SigningKeyNotConfiguredError) return 'signing_key_not_configured';
  if (error instanceof EncryptedValueError) return 'signing_key_unavailable';
  if (error instanceof ConfigurationError) return 'configuration';
  return 'unexpected_error';
}

/**
 * The production handler: clients and caches built once per cold start from the environment. A bad
 * configuration does not crash the init phase; every request then gets 500 and a log line naming it.
 */
export function createHandlerFromEnv(
  env: NodeJS.ProcessEnv,
  logger: AppLogger = new PowertoolsAppLogger(),
): ApiHandler {
  let config: ApiConfig;
  try {
    config = readApiConfig(env);
  } catch (error) {
    return misconfiguredHandler('api', error, logger);
  }
  const caBundlePath = config.caBundlePath;
  const runWithLogin: RunWithLogin = (login, work) => {
    let ca: string;
    try {
      ca = loadCaBundle(caBundlePath);
    } catch (error) {
      // A deployment error, not a database outage: 500 and a log line naming the variable.
      return Promise.reject(
        new ConfigurationError(`DB_CA_BUNDLE_PATH=${caBundlePath} cannot be read`, { cause: error }),
      );
    }
    return withConnection(
      login,
      {
        ca,
        applicationName: 'api',
        connectTimeoutMs: API_TIMEOUTS.connectMs,
        statementTimeoutMs: API_TIMEOUTS.statementMs,
      },
      work,
    );
  };
  // The signing key is decrypted at cold start (the request is sent during init) and kept for the execution
  // environment's life; a failed decrypt is not kept, so the next request tries again.
  let signingKey: (() => Promise<string>) | undefined;
  if (config.hasSigningKey) {
    const encrypted = new EncryptedEnvironment({
      kms: tracer.captureAWSv3Client(new KMSClient(AWS_CLIENT_OPTIONS)),
      env,
    });
    signingKey = () => encrypted.get(SIGNING_KEY_VARIABLE);
    signingKey().catch(() => {});
  }
  return createHandler({
    config,
    ...(signingKey === undefined ? {} : { signingKey }),
    secrets: new SecretCache({
      client: sdkSecretsReader(tracer.captureAWSv3Client(new SecretsManagerClient(AWS_CLIENT_OPTIONS))),
      ttlSeconds: config.cacheTtlSeconds,
      clock: systemClock,
      onRefused: ({ stage, reason }) =>
        logger.error('database secret refused; requests get 503 until it can be read again', {
          reason: 'secret_refused',
          stage,
          errorName: reason,
        }),
    }),
    parameters: new ParameterCache({
      client: tracer.captureAWSv3Client(new SSMClient(AWS_CLIENT_OPTIONS)),
      ttlSeconds: config.cacheTtlSeconds,
      clock: systemClock,
    }),
    runWithLogin,
    clock: systemClock,
    logger,
  });
}

export const handler: ApiHandler = traceHandler(createHandlerFromEnv(process.env));
