import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AWS_CLIENT_OPTIONS } from '../shared/aws-client-options';
import { createRotationHandler, type RotationHandler } from '../shared/rotation/create-rotation-handler';
import { powertoolsRotationLogger, type RotationLogger } from '../shared/rotation/rotation-logger';
import { type SecretsManagerSender, SecretVersions } from '../shared/rotation/secret-versions';
import { traceHandler, tracer } from '../shared/tracing';
import { readValueFormat, type SecretValueFormat } from './secret-value';
import { randomSecretSteps } from './steps';

export interface RandomSecretHandlerDeps {
  /** Secrets Manager client; tests pass one pointed at moto. */
  readonly secretsManager: SecretsManagerSender;
  readonly format: SecretValueFormat;
  readonly logger: RotationLogger;
}

/** The rotation function of a random shared secret (webhook signing secret). */
export function createHandler(deps: RandomSecretHandlerDeps): RotationHandler {
  return createRotationHandler({
    versions: new SecretVersions(deps.secretsManager),
    steps: randomSecretSteps(deps.format),
    logger: deps.logger,
  });
}

// Created once per cold start; the SDK reads AWS_REGION and AWS_ENDPOINT_URL(_SECRETS_MANAGER) itself.
export const handler = traceHandler(
  createHandler({
    secretsManager: tracer.captureAWSv3Client(new SecretsManagerClient(AWS_CLIENT_OPTIONS)),
    format: readValueFormat(process.env),
    logger: powertoolsRotationLogger(),
  }),
);
