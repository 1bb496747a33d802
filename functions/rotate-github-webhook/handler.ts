import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AWS_CLIENT_OPTIONS } from '../shared/aws-client-options';
import { createRotationHandler, type RotationHandler } from '../shared/rotation/create-rotation-handler';
import { powertoolsRotationLogger, type RotationLogger } from '../shared/rotation/rotation-logger';
import { type SecretsManagerSender, SecretVersions } from '../shared/rotation/secret-versions';
import { traceHandler, tracer } from '../shared/tracing';
import { type GithubRotationConfig, readGithubRotationConfig } from './config';
import { GithubTokenMissingError } from './errors';
import { type Fetch, GithubHooks } from './github-hooks';
import { githubWebhookSteps } from './steps';

export interface GithubWebhookRotationDeps {
  /** Secrets Manager client for the signing secret and the token secret; tests pass one pointed at moto. */
  readonly secretsManager: SecretsManagerSender;
  readonly config: GithubRotationConfig;
  readonly logger: RotationLogger;
  /** How requests reach GitHub; tests pass one for a local fake. @default the global fetch */
  readonly fetch?: Fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The rotation function of a GitHub webhook's signing secret. It runs outside the VPC: it must reach
 * api.github.com, which the isolated subnets cannot (no NAT, by design); its only inbound path is Secrets
 * Manager invoking it for this one secret.
 */
export function createHandler(deps: GithubWebhookRotationDeps): RotationHandler {
  const { config, secretsManager } = deps;
  const hooks = async () => {
    const out = await secretsManager.send(
      new GetSecretValueCommand({ SecretId: config.tokenSecretArn, VersionStage: 'AWSCURRENT' }),
    );
    const token = out.SecretString?.trim() ?? '';
    if (token === '') {
      throw new GithubTokenMissingError(
        `the token secret ${config.tokenSecretArn} holds no token (store one with npm run webhook-secret -- <env> set-github-token)`,
      );
    }
    return new GithubHooks({ ...config, token, ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }) });
  };
  return createRotationHandler({
    versions: new SecretVersions(secretsManager),
    steps: githubWebhookSteps({ hooks, ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }) }),
    logger: deps.logger,
  });
}

function handlerFromEnv(): RotationHandler {
  const logger = powertoolsRotationLogger();
  let config: GithubRotationConfig;
  try {
    config = readGithubRotationConfig(process.env);
  } catch (error) {
    // Every step then fails with the variable to fix; no rotation can move AWSCURRENT.
    return async () => {
      logger.error('rotation misconfigured', {
        outcome: 'failed',
        errorName: error instanceof Error ? error.name : typeof error,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
      throw error;
    };
  }
  return createHandler({
    secretsManager: tracer.captureAWSv3Client(new SecretsManagerClient(AWS_CLIENT_OPTIONS)),
    config,
    logger,
  });
}

export const handler = traceHandler(handlerFromEnv());
