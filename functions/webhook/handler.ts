import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Clock, systemClock } from '../shared/clock';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  jsonResponse,
  lowerCaseHeaders,
  requestMethod,
} from '../shared/http';
import { type AppLogger, type LambdaContextLike, PowertoolsAppLogger } from '../shared/logger';
import { misconfiguredHandler } from '../shared/misconfigured-handler';
import { SecretCache, type SecretSource, type SecretStage, type SecretsManagerReader } from '../shared/secret-cache';
import { traceHandler, tracer } from '../shared/tracing';
import { readWebhookConfig, type WebhookConfig } from './config';
import { MethodNotAllowedError, SignatureMismatchError } from './errors';
import { rawBody } from './raw-body';
import { errorResponse, toResult } from './responses';
import { SCHEMES } from './schemes';
import { signatureMatches } from './schemes/scheme';
import { SigningKeys } from './signing-keys';
import { slackUrlVerificationChallenge } from './slack-challenge';
import { arrivalSeconds, assertFresh } from './verify';

export { UNAUTHORIZED_BODY } from './responses';

export interface WebhookHandlerDeps {
  readonly config: WebhookConfig;
  /** Signing secret values by stage (cached Secrets Manager in Lambda). */
  readonly secrets: SecretSource;
  /** Fallback "now" when the event has no requestContext.timeEpoch. */
  readonly clock: Clock;
  readonly logger: AppLogger;
}

export type WebhookHandler = (event: FunctionUrlEvent, context?: LambdaContextLike) => Promise<FunctionUrlResult>;

/**
 * A function URL handler that verifies the request's signature before anything else, then acknowledges it.
 * It never throws: every failure becomes a status code and one log line without secret, signature or body.
 */
export function createHandler(deps: WebhookHandlerDeps): WebhookHandler {
  const { config, clock, logger } = deps;
  const scheme = SCHEMES[config.scheme];
  const keys = new SigningKeys({
    secrets: deps.secrets,
    secretId: config.secretArn,
    scheme,
    clock,
    graceSeconds: config.previousSecretGraceSeconds,
  });

  async function verify(event: FunctionUrlEvent): Promise<{ body: Buffer; stage: SecretStage }> {
    if (requestMethod(event) !== 'POST') {
      throw new MethodNotAllowedError('only POST is accepted');
    }
    const body = rawBody(event, config.maxBodyBytes);
    const parsed = scheme.parse(lowerCaseHeaders(event));
    assertFresh(parsed, {
      nowSeconds: arrivalSeconds(event.requestContext?.timeEpoch, () => clock.now()),
      toleranceSeconds: config.toleranceSeconds,
    });
    const current = await keys.current();
    if (signatureMatches(parsed, body, current.key)) {
      return { body, stage: 'AWSCURRENT' };
    }
    // Within the grace the sender may still sign with the secret from before the last change ...
    const previous = await keys.previous(current.version);
    if (previous !== undefined && signatureMatches(parsed, body, previous.key)) {
      return { body, stage: 'AWSPREVIOUS' };
    }
    // ... or, during a rotation that tells the sender (GitHub), already with the pending one.
    const pending = await keys.pending(current.version);
    if (pending !== undefined && signatureMatches(parsed, body, pending.key)) {
      return { body, stage: 'AWSPENDING' };
    }
    throw new SignatureMismatchError('no signature matches');
  }

  return async (event, context) => {
    const started = clock.now();
    try {
      logger.addContext(context);
      const { body, stage } = await verify(event);
      const challenge = config.scheme === 'slack' ? slackUrlVerificationChallenge(body) : undefined;
      logger.info('webhook accepted', {
        outcome: 'accepted',
        status: 200,
        scheme: config.scheme,
        stage,
        bodyBytes: body.length,
        durationMs: clock.now() - started,
      });
      return jsonResponse(200, challenge === undefined ? { received: true } : { challenge });
    } catch (error) {
      const response = errorResponse(error);
      const fields = {
        status: response.status,
        scheme: config.scheme,
        reason: response.reason,
        errorName: error instanceof Error ? error.name : typeof error,
        durationMs: clock.now() - started,
      };
      if (response.status >= 500) {
        logger.error('webhook failed', { outcome: 'failed', ...fields });
      } else {
        logger.warn('webhook rejected', { outcome: 'rejected', ...fields });
      }
      return toResult(response);
    }
  };
}

/**
 * The cache the production handler reads the signing secret through: one fetch per stage per window, failed
 * fetches remembered for a few seconds, and a warning per window while a failing refresh leaves it using the
 * last value read (for up to DEFAULT_MAX_STALE_SECONDS after that read; only on throttling, server faults and
 * network errors), and an error per window once Secrets Manager refuses the secret (revoked, deleted, key
 * disabled): then every delivery gets 503.
 */
export function signingSecretCache(
  client: SecretsManagerReader,
  config: WebhookConfig,
  clock: Clock,
  logger: AppLogger,
): SecretCache {
  return new SecretCache({
    client,
    ttlSeconds: config.cacheTtlSeconds,
    clock,
    onStale: ({ stage, ageSeconds, error }) =>
      logger.warn('signing secret refresh failed; using the last value read', {
        reason: 'secret_refresh_failed',
        scheme: config.scheme,
        stage,
        ageSeconds,
        errorName: error instanceof Error ? error.name : typeof error,
      }),
    onRefused: ({ stage, reason }) =>
      logger.error('signing secret refused; deliveries get 503 until it can be read again', {
        reason: 'secret_refused',
        scheme: config.scheme,
        stage,
        errorName: reason,
      }),
  });
}

/**
 * The production handler: clients and caches built once per cold start from the environment. A bad
 * configuration does not crash the init phase; every request then gets 500 and a log line naming it.
 */
export function createHandlerFromEnv(
  env: NodeJS.ProcessEnv,
  logger: AppLogger = new PowertoolsAppLogger(),
): WebhookHandler {
  let config: WebhookConfig;
  try {
    config = readWebhookConfig(env);
  } catch (error) {
    return misconfiguredHandler('webhook', error, logger);
  }
  const secrets = signingSecretCache(
    tracer.captureAWSv3Client(new SecretsManagerClient({})),
    config,
    systemClock,
    logger,
  );
  return createHandler({ config, secrets, clock: systemClock, logger });
}

export const handler: WebhookHandler = traceHandler(createHandlerFromEnv(process.env));
