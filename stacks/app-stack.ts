import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { Construct } from 'constructs';
import { BoundedRole } from './constructs/bounded-role';
import { BundledFunction } from './constructs/bundled-function';
import { accountRoot } from './constructs/policy-document';
import { secretKeyUse } from './constructs/rotated-secret';
import { EnvironmentStack, type EnvironmentStackProps, publishOutputs } from './environment-stack';
import { functionBasics, isolatedFunctionNetwork } from './function-defaults';
import { type MonitoredFunction, monitoredFunctions } from './monitored-function';
import type { NetworkOutputs } from './network-stack';
import { CONSUMER_FUNCTIONS, type SecretsOutputs } from './secrets-stack';
import type { SecurityOutputs } from './security-stack';

/** Seconds a fetched secret or parameter is reused before the functions fetch it again. */
export const SECRET_CACHE_TTL_SECONDS = 300;

/** Props of the app stack. */
export interface AppStackProps extends EnvironmentStackProps {
  readonly security: SecurityOutputs;
  readonly network: NetworkOutputs;
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
  readonly webhookFunctionName: string;
  readonly apiFunctionName: string;
  /** Log groups of the webhook and the API, whose outcome lines the monitoring stack counts. */
  readonly webhookLogGroupName: string;
  readonly apiLogGroupName: string;
  /** Every function of the stack, for `<env>-monitoring`'s alarms. */
  readonly functions: readonly MonitoredFunction[];
}

/** `<env>-app`: the public webhook and the private API, each behind a function URL. */
export class AppStack extends EnvironmentStack {
  readonly outputs: AppOutputs;

  constructor(scope: Construct, props: AppStackProps) {
    super(scope, 'app', props);
    const { accountId, region, webhook, api } = this.environment;
    const { keyArn, permissionsBoundaryArn } = props.security;
    const shared = functionBasics(this, props.security);
    const secretArn = props.secrets.webhookSecretArn;

    const webhookFunction = new BundledFunction(this, 'webhook', {
      ...shared,
      bundle: 'webhook',
      functionName: CONSUMER_FUNCTIONS.webhook,
      description: `Verifies ${webhook.scheme} webhook signatures, then acknowledges`,
      reservedConcurrency: webhook.reservedConcurrency,
      exposure: 'public-signed',
      environment: {
        WEBHOOK_SCHEME: webhook.scheme,
        WEBHOOK_SECRET_ARN: secretArn,
        WEBHOOK_TOLERANCE_SECONDS: String(webhook.toleranceSeconds),
        WEBHOOK_MAX_BODY_BYTES: String(webhook.maxBodyBytes),
        WEBHOOK_PREVIOUS_SECRET_GRACE_SECONDS: String(webhook.previousSecretGraceHours * 3600),
        SECRET_CACHE_TTL_SECONDS: String(SECRET_CACHE_TTL_SECONDS),
      },
      statements: [
        { Sid: 'ReadSigningSecret', Action: ['secretsmanager:GetSecretValue'], Resource: secretArn },
        secretKeyUse('DecryptSigningSecret', keyArn, secretArn, region, ['kms:Decrypt']),
      ],
    });
    // A public URL needs two statements since October 2025. From AWS provider 6.28 aws_lambda_function_url with auth
    // NONE adds both itself (FunctionURLAllowPublicAccess, FunctionURLAllowInvokeAction), outside Terraform's state,
    // and skips a statement id that already exists. Declaring them here under those ids, before the URL, keeps them in
    // state (plan shows drift, destroy removes them) and leaves the provider nothing to add: one statement each.
    const publicUrl = new LambdaPermission(this, 'webhook-public-url', {
      statementId: 'FunctionURLAllowPublicAccess',
      action: 'lambda:InvokeFunctionUrl',
      functionName: webhookFunction.function.functionName,
      principal: '*',
      functionUrlAuthType: 'NONE',
    });
    const viaUrlOnly = new LambdaPermission(this, 'webhook-invoke-via-url', {
      statementId: 'FunctionURLAllowInvokeAction',
      action: 'lambda:InvokeFunction',
      functionName: webhookFunction.function.functionName,
      principal: '*',
    });
    // invoked_via_function_url arrived in AWS provider 6.28.0; the 6.25-based bindings lack it (AWS_PROVIDER_VERSION).
    viaUrlOnly.addOverride('invoked_via_function_url', true);
    const webhookUrl = new LambdaFunctionUrl(this, 'webhook-url', {
      functionName: webhookFunction.function.functionName,
      authorizationType: 'NONE',
      dependsOn: [publicUrl, viaUrlOnly],
    });

    const dbSecretArn = props.secrets.databaseSecretArn;
    const apiFunction = new BundledFunction(this, 'api', {
      ...shared,
      bundle: 'api',
      functionName: CONSUMER_FUNCTIONS.api,
      description: 'Private JSON API in the isolated subnets, behind an AWS_IAM function URL',
      reservedConcurrency: api.reservedConcurrency,
      exposure: 'private',
      vpc: isolatedFunctionNetwork(props.network),
      environment: {
        CONFIG_PARAMETER_NAME: props.secrets.configParameterName,
        DB_CA_BUNDLE_PATH: '/var/runtime/ca-cert.pem',
        SECRET_CACHE_TTL_SECONDS: String(SECRET_CACHE_TTL_SECONDS),
        ...(dbSecretArn ? { DB_SECRET_ARN: dbSecretArn } : {}),
      },
      statements: [
        { Sid: 'ReadSettingsParameter', Action: ['ssm:GetParameter'], Resource: props.secrets.configParameterArn },
        {
          Sid: 'DecryptSettingsParameter',
          Action: ['kms:Decrypt'],
          Resource: keyArn,
          Condition: {
            StringEquals: {
              'kms:ViaService': `ssm.${region}.amazonaws.com`,
              'kms:EncryptionContext:PARAMETER_ARN': props.secrets.configParameterArn,
            },
          },
        },
        ...(dbSecretArn
          ? [
              { Sid: 'ReadDatabaseCredential', Action: ['secretsmanager:GetSecretValue'], Resource: dbSecretArn },
              secretKeyUse('DecryptDatabaseCredential', keyArn, dbSecretArn, region, ['kms:Decrypt']),
            ]
          : []),
      ],
    });
    const apiUrl = new LambdaFunctionUrl(this, 'api-url', {
      functionName: apiFunction.function.functionName,
      authorizationType: 'AWS_IAM',
    });

    const apiArn = apiFunction.function.arn;
    // Who may call the API: the configured principals, or else only this environment's own roles
    // (`<project>-<env>-*`, e.g. a CI or service role you create with that prefix).
    const listed = api.invokerTrustedPrincipals.length > 0;
    const invoker = new BoundedRole(this, 'api-invoker', {
      name: `${this.namePrefix}-api-invoker`,
      description: 'Calls the API function URL with SigV4, and nothing else',
      assumedBy: { awsPrincipals: listed ? api.invokerTrustedPrincipals : [accountRoot(accountId)] },
      trustConditions: listed
        ? undefined
        : { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${accountId}:role/${this.namePrefix}-*` } },
      permissionsBoundaryArn,
      statements: [
        {
          Sid: 'InvokeApiUrl',
          Action: ['lambda:InvokeFunctionUrl'],
          Resource: apiArn,
          Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
        },
        {
          Sid: 'InvokeApiOnlyThroughItsUrl',
          Action: ['lambda:InvokeFunction'],
          Resource: apiArn,
          Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': true } },
        },
      ],
    });

    this.outputs = {
      webhookFunctionUrl: webhookUrl.functionUrl,
      apiFunctionUrl: apiUrl.functionUrl,
      apiInvokerRoleArn: invoker.role.arn,
      webhookFunctionName: webhookFunction.function.functionName,
      apiFunctionName: apiFunction.function.functionName,
      webhookLogGroupName: webhookFunction.logGroup.logGroup.name,
      apiLogGroupName: apiFunction.logGroup.logGroup.name,
      functions: monitoredFunctions(this),
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
    });
  }
}
