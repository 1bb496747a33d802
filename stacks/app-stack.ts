import type { Construct } from 'constructs';
import { API_TIMEOUTS } from '../functions/api/timeouts';
import { arnPrefix, partitionOf } from '../lib/config/regions';
import { BoundedRole } from '../lib/constructs/bounded-role';
import { EncryptedParameter } from '../lib/constructs/encrypted-parameter';
import { EnvironmentKey } from '../lib/constructs/environment-key';
import { accountRoot } from '../lib/constructs/policy-document';
import { PrivateApi } from '../lib/constructs/private-api';
import { PublicSignedWebhook } from '../lib/constructs/public-signed-webhook';
import { RotatedSecret } from '../lib/constructs/rotated-secret';
import { WebhookDelivery } from '../lib/constructs/webhook-delivery';
import { EnvironmentStack, type EnvironmentStackProps, publishOutputs } from '../lib/environment-stack';
import { type MonitoredFunction, monitoredFunctions } from '../lib/monitored-function';
import { functionBasics, isolatedFunctionNetwork } from './function-defaults';
import type { NetworkOutputs } from './network-stack';
import { CONSUMER_FUNCTIONS, type SecretsOutputs } from './secrets-stack';
import type { SecurityOutputs } from './security-stack';

/** Seconds a fetched secret or parameter is reused before the functions fetch it again. */
export const SECRET_CACHE_TTL_SECONDS = 300;

/** Props of the app stack. */
export interface AppStackProps extends EnvironmentStackProps {
  /** The environment key and permissions boundary. */
  readonly security: SecurityOutputs;
  /** Isolated subnets and the function security group (the API runs there). */
  readonly network: NetworkOutputs;
  /** ARNs and names of the secrets and the settings parameter the functions read. */
  readonly secrets: SecretsOutputs;
}

/** What the app stack publishes for people and CLIs (`npm run invoke`, webhook senders). */
export interface AppOutputs {
  /** Public URL of the webhook (signature-verified, authorization NONE). */
  readonly webhookFunctionUrl: string;
  /** URL of the API (SigV4-signed requests only, authorization AWS_IAM). */
  readonly apiFunctionUrl: string;
  /** Role whose holders may call the API URL and nothing else. */
  readonly apiInvokerRoleArn: string;
  /** Name of the webhook function (logs, metrics). */
  readonly webhookFunctionName: string;
  /** Name of the API function (logs, metrics). */
  readonly apiFunctionName: string;
  /** Log groups of the webhook and the API, whose outcome lines the monitoring stack counts. */
  readonly webhookLogGroupName: string;
  readonly apiLogGroupName: string;
  /** Every function of the stack, for `<env>-monitoring`'s alarms. */
  readonly functions: readonly MonitoredFunction[];
  /** The webhook's delivery path (README, "Handle an event"); unset where `webhook.delivery` is false. */
  readonly webhookDelivery?: WebhookDeliveryOutputs;
}

/** The queue, dead-letter queue and table of the webhook's delivery path: what the redrive runbook and alarms need. */
export interface WebhookDeliveryOutputs {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly queueName: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueArn: string;
  readonly deadLetterQueueName: string;
  readonly tableName: string;
}

/** `<env>-app`: the public webhook and the private API, each behind a function URL. */
export class AppStack extends EnvironmentStack {
  readonly outputs: AppOutputs;

  constructor(scope: Construct, props: AppStackProps) {
    super(scope, 'app', props);
    const { accountId, region, webhook, api } = this.environment;
    const shared = functionBasics(this, props.security);
    const key = EnvironmentKey.fromKeyArn(props.security.keyArn, region);
    const { secrets } = props;

    const delivery =
      webhook.delivery === false
        ? undefined
        : new WebhookDelivery(this, 'webhook-delivery', {
            ...shared,
            settings: webhook.delivery,
            vpc: isolatedFunctionNetwork(props.network),
            production: this.environment.production,
          });
    const webhookEndpoint = new PublicSignedWebhook(this, 'webhook', {
      ...shared,
      bundle: 'webhook',
      functionName: CONSUMER_FUNCTIONS.webhook,
      description: delivery
        ? `Verifies ${webhook.scheme} webhook signatures, then queues each delivery once`
        : `Verifies ${webhook.scheme} webhook signatures, then acknowledges`,
      reservedConcurrency: webhook.reservedConcurrency,
      environment: {
        WEBHOOK_SCHEME: webhook.scheme,
        WEBHOOK_SECRET_ARN: secrets.webhookSecretArn,
        WEBHOOK_TOLERANCE_SECONDS: String(webhook.toleranceSeconds),
        WEBHOOK_MAX_BODY_BYTES: String(webhook.maxBodyBytes),
        WEBHOOK_PREVIOUS_SECRET_GRACE_SECONDS: String(webhook.previousSecretGraceHours * 3600),
        SECRET_CACHE_TTL_SECONDS: String(SECRET_CACHE_TTL_SECONDS),
        ...delivery?.receiverEnvironment,
      },
    });
    RotatedSecret.fromSecretArn(secrets.webhookSecretArn, key).grantRead(webhookEndpoint, 'SigningSecret');
    delivery?.grantReceive(webhookEndpoint);

    const dbSecretArn = secrets.databaseSecretArn;
    const privateApi = new PrivateApi(this, 'api', {
      ...shared,
      bundle: 'api',
      functionName: CONSUMER_FUNCTIONS.api,
      description: 'Private JSON API in the isolated subnets, behind an AWS_IAM function URL',
      reservedConcurrency: api.reservedConcurrency,
      // Longer than the handler's database timeouts, so a slow database answers 503 (functions/api/timeouts.ts).
      timeout: API_TIMEOUTS.functionSeconds,
      vpc: isolatedFunctionNetwork(props.network),
      // A value encrypted for this function with npm run encrypt (docs/encrypted-environment.md).
      decryptsEncryptedEnvironment: api.signingKeyCiphertext !== undefined,
      environment: {
        ...(api.signingKeyCiphertext ? { API_SIGNING_KEY_ENCRYPTED: api.signingKeyCiphertext } : {}),
        CONFIG_PARAMETER_NAME: secrets.configParameterName,
        DB_CA_BUNDLE_PATH: '/var/runtime/ca-cert.pem',
        SECRET_CACHE_TTL_SECONDS: String(SECRET_CACHE_TTL_SECONDS),
        ...(dbSecretArn ? { DB_SECRET_ARN: dbSecretArn } : {}),
      },
    });
    EncryptedParameter.fromParameterArn(secrets.configParameterArn, key).grantRead(privateApi, 'SettingsParameter');
    if (dbSecretArn) RotatedSecret.fromSecretArn(dbSecretArn, key).grantRead(privateApi, 'DatabaseCredential');

    // Who may call the API: the configured principals, or else only this environment's own roles
    // (`<project>-<env>-*`, e.g. a CI or service role you create with that prefix).
    const listed = api.invokerTrustedPrincipals.length > 0;
    const invoker = new BoundedRole(this, 'api-invoker', {
      name: `${this.namePrefix}-api-invoker`,
      description: 'Calls the API function URL with SigV4, and nothing else',
      assumedBy: {
        awsPrincipals: listed ? api.invokerTrustedPrincipals : [accountRoot(accountId, partitionOf(region))],
      },
      trustConditions: listed
        ? undefined
        : { ArnLike: { 'aws:PrincipalArn': `${arnPrefix(region)}:iam::${accountId}:role/${this.namePrefix}-*` } },
      humanTrust: api.invokerTrust,
      permissionsBoundaryArn: props.security.permissionsBoundaryArn,
    });
    privateApi.grantInvokeUrl(invoker, 'Api');

    this.outputs = {
      webhookFunctionUrl: webhookEndpoint.functionUrl,
      apiFunctionUrl: privateApi.functionUrl,
      apiInvokerRoleArn: invoker.role.arn,
      webhookFunctionName: webhookEndpoint.function.function.functionName,
      apiFunctionName: privateApi.function.function.functionName,
      webhookLogGroupName: webhookEndpoint.function.logGroup.logGroup.name,
      apiLogGroupName: privateApi.function.logGroup.logGroup.name,
      functions: monitoredFunctions(this),
      webhookDelivery: delivery && {
        queueUrl: delivery.queue.url,
        queueArn: delivery.queue.arn,
        queueName: delivery.queue.name,
        deadLetterQueueUrl: delivery.deadLetterQueue.url,
        deadLetterQueueArn: delivery.deadLetterQueue.arn,
        deadLetterQueueName: delivery.deadLetterQueue.name,
        tableName: delivery.table.name,
      },
    };
    publishOutputs(this, this.outputs, {
      webhookFunctionUrl: { description: 'Public webhook URL: point the sender here' },
      apiFunctionUrl: { description: 'API URL: call it with SigV4 (npm run invoke -- <env> /health)' },
      apiInvokerRoleArn: { description: 'Role allowed to invoke the API URL' },
      webhookFunctionName: { description: 'Name of the webhook function' },
      apiFunctionName: { description: 'Name of the API function' },
      webhookLogGroupName: { description: 'Log group of the webhook function' },
      apiLogGroupName: { description: 'Log group of the API function' },
      functions: { description: 'Functions of this stack with their log groups and dead-letter queues' },
      webhookDelivery: {
        description:
          'Webhook delivery queue, dead-letter queue (redrive: docs/webhook-delivery-config.md) and deliveries table',
      },
    });
  }
}
