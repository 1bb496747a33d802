import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Clock, systemClock } from '../shared/clock';
import { SecretUnavailableError } from '../shared/errors';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  jsonResponse,
  lowerCaseHeaders,
  requestMethod,
} from '../shared/http';
import { type AppLogger, type LambdaContextLike, PowertoolsAppLogger } from '../shared/logger';
import { misconfiguredHandler } from '../shared/misconfigured-handler';
import { SecretCache, type SecretSource } from '../shared/secret-cache';
import { traceHandler, tracer } from '../shared/tracing';
import { readWebhookConfig, type WebhookConfig } from './config';
import {
  BodyTooLargeError,
  InvalidSigningSecretError,
  MalformedRequestError,
  MethodNotAllowedError,
  SignatureMismatchError,
  TimestampOutOfToleranceError,
  VerificationFailedError,
} from './errors';
import { rawBody } from './raw-body';
import { SCHEMES } from './schemes';
import { signatureMatches } from './schemes/scheme';
import { SigningKeys } from './signing-keys';
import { slackUrlVerificationChallenge } from './slack-challenge';
import { arrivalSeconds, assertFresh } from './verify';

export interface WebhookHandlerDeps {
  readonly config: WebhookConfig;
  /** Signing secret values by stage (cached Secrets Manager in Lambda). */
  readonly secrets: SecretSource;
  /** Fallback "now" when the event has no requestContext.timeEpoch. */
  readonly clock: Clock;
  readonly logger: AppLogger;
}

export type WebhookHandler = (event: FunctionUrlEvent, context?: LambdaContextLike) => Promise<FunctionUrlResult>;

/** The one body every authentication failure gets, so a caller cannot tell which check failed. */
export const UNAUTHORIZED_BODY = { error: 'unauthorized' } as const;

/**
 * A function URL handler that verifies the request's signature before anything else, then acknowledges it.
 * It never throws: every failure becomes a status code and one log line without secret, signature or body.
 */
export function createHandler(deps: WebhookHandlerDeps): WebhookHandler {
  const { config, clock, logger } = deps;
  const scheme = SCHEMES[config.scheme];
  const keys = new SigningKeys(deps.secrets, config.secretArn, scheme);

  async function verify(event: FunctionUrlEvent): Promise<{ body: Buffer; stage: string }> {
    if (requestMethod(event) !== 'POST') {
      throw new MethodNotAllowedError('only POST is accepted');
    }
    const body = rawBody(event, config.maxBodyBytes);
    const parsed = scheme.parse(lowerCaseHeaders(event));
    assertFresh(parsed, {
      nowSeconds: arrivalSeconds(event.requestContext?.timeEpoch, () => clock.now()),
      toleranceSeconds: config.toleranceSeconds,
    });
    if (signatureMatches(parsed, body, await keys.current())) {
      return { body, stage: 'AWSCURRENT' };
    }
    // The sender may still sign with the secret from before the last rotation.
    const previous = await keys.previous();
    if (previous !== undefined && signatureMatches(parsed, body, previous)) {
      return { body, stage: 'AWSPREVIOUS' };
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
      const response = toResponse(error);
      const fields = {
        status: response.statusCode,
        scheme: config.scheme,
        reason: reasonOf(error),
        errorName: error instanceof Error ? error.name : typeof error,
        durationMs: clock.now() - started,
      };
      if (response.statusCode >= 500) {
        logger.error('webhook failed', { outcome: 'failed', ...fields });
      } else {
        logger.warn('webhook rejected', { outcome: 'rejected', ...fields });
      }
      return response;
    }
  };
}

function toResponse(error: unknown): FunctionUrlResult {
  if (error instanceof VerificationFailedError) {
    return jsonResponse(401, UNAUTHORIZED_BODY);
  }
  if (error instanceof MalformedRequestError) {
    // A fixed body: which part was missing or unreadable goes to the log (reason), never to the caller.
    return jsonResponse(400, { error: 'bad request' });
  }
  if (error instanceof MethodNotAllowedError) {
    return jsonResponse(405, { error: 'method not allowed' }, { allow: 'POST' });
  }
  if (error instanceof BodyTooLargeError) {
    return jsonResponse(413, { error: 'payload too large' });
  }
  if (error instanceof SecretUnavailableError || error instanceof InvalidSigningSecretError) {
    return jsonResponse(503, { error: 'service unavailable' }, { 'retry-after': '30' });
  }
  return jsonResponse(500, { error: 'internal error' });
}

function reasonOf(error: unknown): string {
  if (error instanceof SignatureMismatchError) return 'signature_mismatch';
  if (error instanceof TimestampOutOfToleranceError) return 'timestamp_out_of_tolerance';
  if (error instanceof MalformedRequestError) return 'malformed_request';
  if (error instanceof MethodNotAllowedError) return 'method_not_allowed';
  if (error instanceof BodyTooLargeError) return 'body_too_large';
  if (error instanceof SecretUnavailableError) return 'secret_unavailable';
  if (error instanceof InvalidSigningSecretError) return 'invalid_signing_secret';
  return 'unexpected_error';
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
  const secrets = new SecretCache({
    client: tracer.captureAWSv3Client(new SecretsManagerClient({})),
    ttlSeconds: config.cacheTtlSeconds,
    clock: systemClock,
  });
  return createHandler({ config, secrets, clock: systemClock, logger });
}

export const handler: WebhookHandler = traceHandler(createHandlerFromEnv(process.env));
