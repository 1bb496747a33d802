import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AWS_CLIENT_OPTIONS } from '../shared/aws-client-options';
import { type ConnectOptions, caBundlePath, loadCaBundle, sqlState } from '../shared/postgres';
import { createRotationHandler, type RotationHandler } from '../shared/rotation/create-rotation-handler';
import { powertoolsRotationLogger, type RotationLogger } from '../shared/rotation/rotation-logger';
import { type SecretsManagerSender, SecretVersions } from '../shared/rotation/secret-versions';
import { traceHandler, tracer } from '../shared/tracing';
import { type DatabaseTarget, readDatabaseTarget } from './config';
import { postgresSteps } from './steps';

export interface PostgresRotationHandlerDeps {
  /** Secrets Manager client; tests pass one pointed at moto. */
  readonly secretsManager: SecretsManagerSender;
  /** CA bundle and timeouts for every database login. */
  readonly connectOptions: ConnectOptions;
  /** Where the credential must point; see config.ts. */
  readonly target?: DatabaseTarget;
  readonly logger: RotationLogger;
}

/** The rotation function of a PostgreSQL credential (alternating users, master secret from `masterarn`). */
export function createHandler(deps: PostgresRotationHandlerDeps): RotationHandler {
  return createRotationHandler({
    versions: new SecretVersions(deps.secretsManager),
    steps: postgresSteps({
      connect: deps.connectOptions,
      ...(deps.target === undefined ? {} : { target: deps.target }),
    }),
    logger: deps.logger,
    errorFields: (error) => {
      const state = sqlState(error) ?? sqlState((error as { cause?: unknown } | null)?.cause);
      return state === undefined ? {} : { sqlState: state };
    },
  });
}

// Created once per cold start. The CA bundle is the Lambda runtime's (it includes the RDS CAs) unless
// DB_CA_BUNDLE_PATH names another; DB_HOST, DB_PORT, DB_NAME, DB_USERNAME and MASTER_SECRET_ARN (optional,
// all or none) pin the target; the SDK reads AWS_REGION and AWS_ENDPOINT_URL(_SECRETS_MANAGER) itself.
export const handler = traceHandler(
  createHandler({
    secretsManager: tracer.captureAWSv3Client(new SecretsManagerClient(AWS_CLIENT_OPTIONS)),
    connectOptions: {
      ca: loadCaBundle(caBundlePath(process.env)),
      applicationName: 'rotate-postgres',
      connectTimeoutMs: 5000,
      statementTimeoutMs: 10_000,
    },
    target: readDatabaseTarget(process.env),
    logger: powertoolsRotationLogger(),
  }),
);
