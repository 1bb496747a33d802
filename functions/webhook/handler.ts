import { REQUEST_PATH_CLIENT_OPTIONS } from '../shared/aws-client-options';
import { type Clock, systemClock } from '../shared/clock';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  jsonResponse,
  lowerCaseHeaders,
  requestMethod,
} from '../shared/http';
import { lazy } from '../shared/lazy';
import { type AppLogger, type LambdaContextLike, PowertoolsAppLogger } from '../shared/logger';
import { misconfiguredHandler } from '../shared/misconfigured-handler';
import { SecretCache, type SecretSource, type SecretStage, type SecretsManagerReader } from '../shared/secret-cache';
import { secretsManagerReaderFromEnv } from '../shared/secrets-manager-http';
import { traceHandler, tracer } from '../shared/tracing';
import { type DeliveryConfig, readWebhookConfig, type WebhookConfig } from './config';
import { type Delivery, type DeliveryOutcome, deliver } from './deliver';
import { deliveryFacts } from './delivery-facts';
import { DynamoDbDeliveryLedger } from './delivery-ledger';
import { SqsDeliveryQueue } from './delivery-queue';
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
  /** Where verified deliveries go; absent when delivery is off (config.delivery unset): verify and acknowledge. */
  readonly delivery?: Delivery;
}

export type WebhookHandler = (event: FunctionUrlEvent, context?: LambdaContextLike) => Promise<FunctionUrlResult>;

/**
 * A function URL handler that verifies the request's signature before anything else, then, with delivery on,
 * records the sender's delivery id and queues the request (deliver.ts) before it answers 2xx. It never throws:
 * every failure becomes a status code and one log line without secret, signature or body.
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

  async function verify(
    event: FunctionUrlEvent,
    headers: Record<string, string>,
  ): Promise<{ body: Buffer; stage: SecretStage }> {
    if (requestMethod(event) !== 'POST') {
      throw new MethodNotAllowedError('only POST is accepted');
    }
    const body = rawBody(event, config.maxBodyBytes);
    const parsed = scheme.parse(headers);
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
      const headers = lowerCaseHeaders(event);
      const { body, stage } = await verify(event, headers);
      // Slack's url_verification is a handshake when the Request URL is saved, not an event: echoed, not queued.
      const challenge = config.scheme === 'slack' ? slackUrlVerificationChallenge(body) : undefined;
      let delivered: { outcome: DeliveryOutcome; deliveryId: string; eventType: string | null } | undefined;
      if (deps.delivery !== undefined && challenge === undefined) {
        // Only now, after the signature verified: unsigned traffic never reaches the table or the queue.
        const facts = deliveryFacts(config.scheme, headers, body);
        const outcome = await deliver(
          deps.delivery,
          {
            scheme: config.scheme,
            facts,
            body,
            receivedAtMs: arrivalMs(event.requestContext?.timeEpoch, clock),
            nowMs: clock.now(),
          },
          logger,
        );
        delivered = { outcome, ...facts };
      }
      logger.info('webhook accepted', {
        outcome: 'accepted',
        status: 200,
        scheme: config.scheme,
        stage,
        bodyBytes: body.length,
        durationMs: clock.now() - started,
        ...(delivered === undefined
          ? {}
          : { delivery: delivered.outcome, deliveryId: delivered.deliveryId, eventType: delivered.eventType }),
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

/** When Lambda received the request (epoch ms), else the clock's now. */
function arrivalMs(timeEpochMs: number | undefined, clock: Clock): number {
  return typeof timeEpochMs === 'number' && Number.isFinite(timeEpochMs) && timeEpochMs > 0 ? timeEpochMs : clock.now();
}

/**
 * The production delivery parts. The SQS and DynamoDB clients (and their packages, by a plain require) are
 * created on the first request that verified, not at init: loading them would add about half again to every
 * cold start's init (bench/RESULTS.md, "Cold start"), and a request that fails verification never needs them.
 * Both honour the standard AWS_ENDPOINT_URL* variables (the SDK reads them).
 */
export function productionDelivery(config: DeliveryConfig): Delivery {
  return {
    ledger: new DynamoDbDeliveryLedger({
      client: lazy(() => {
        const { DynamoDBClient } = require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
        return tracer.captureAWSv3Client(new DynamoDBClient(REQUEST_PATH_CLIENT_OPTIONS));
      }),
      tableName: config.tableName,
      dedupeSeconds: config.dedupeSeconds,
    }),
    queue: new SqsDeliveryQueue({
      client: lazy(() => {
        const { SQSClient } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
        // The endpoint the SDK resolves (AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, else the regional one) wins over
        // the queue URL's host, so the standard endpoint variables are honoured; in AWS the two are the same host.
        return tracer.captureAWSv3Client(
          new SQSClient({ ...REQUEST_PATH_CLIENT_OPTIONS, useQueueUrlAsEndpoint: false }),
        );
      }),
      queueUrl: config.queueUrl,
    }),
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
  let reader: SecretsManagerReader;
  try {
    config = readWebhookConfig(env);
    // A signed HTTPS request, not the SDK's client: loading the client would be most of this function's init.
    reader = secretsManagerReaderFromEnv(env, REQUEST_PATH_CLIENT_OPTIONS.requestHandler);
  } catch (error) {
    return misconfiguredHandler('webhook', error, logger);
  }
  const secrets = signingSecretCache(reader, config, systemClock, logger);
  const delivery = config.delivery === undefined ? undefined : productionDelivery(config.delivery);
  return createHandler({ config, secrets, clock: systemClock, logger, delivery });
}

export const handler: WebhookHandler = traceHandler(createHandlerFromEnv(process.env));
