import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AWS_CLIENT_OPTIONS } from '../shared/aws-client-options';
import { createRotationHandler, type RotationHandler } from '../shared/rotation/create-rotation-handler';
import { powertoolsRotationLogger, type RotationLogger } from '../shared/rotation/rotation-logger';
import { type SecretsManagerSender, SecretVersions } from '../shared/rotation/secret-versions';
import { traceHandler, tracer } from '../shared/tracing';
import { randomSecretSteps } from './steps';

export interface RandomSecretRotationDeps {
  /** Secrets Manager client; tests pass one pointed at moto. */
  readonly secretsManager: SecretsManagerSender;
  readonly logger: RotationLogger;
}

/**
 * The rotation function of a secret the template generates for a team's own functions and no one else issues
 * (an HMAC key, an internal token; the report signing key of "Add a function" in docs/extending.md): each rotation
 * stores 64 new random letters and digits as AWSCURRENT and keeps the old value as AWSPREVIOUS.
 */
export function createHandler(deps: RandomSecretRotationDeps): RotationHandler {
  return createRotationHandler({
    versions: new SecretVersions(deps.secretsManager),
    steps: randomSecretSteps,
    logger: deps.logger,
  });
}

// Created once per cold start. It reads no variables of its own (so it has no misconfigured state); the SDK reads
// AWS_REGION and AWS_ENDPOINT_URL(_SECRETS_MANAGER) itself.
export const handler = traceHandler(
  createHandler({
    secretsManager: tracer.captureAWSv3Client(new SecretsManagerClient(AWS_CLIENT_OPTIONS)),
    logger: powertoolsRotationLogger(),
  }),
);
