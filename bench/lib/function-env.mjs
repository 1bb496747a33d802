// The environment the stacks give each function (see the contracts), with dummy ARNs and credentials and an
// endpoint on a closed loopback port: module init must not need the network, and nothing here reaches AWS.
import { existsSync } from 'node:fs';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const CA_BUNDLE = existsSync('/etc/ssl/certs/ca-certificates.crt') ? '/etc/ssl/certs/ca-certificates.crt' : '/dev/null';

const common = {
  AWS_REGION: REGION,
  AWS_DEFAULT_REGION: REGION,
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
  AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_EC2_METADATA_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  SECRET_CACHE_TTL_SECONDS: '300',
  NODE_OPTIONS: '--enable-source-maps',
};

const perFunction = {
  webhook: {
    WEBHOOK_SCHEME: 'github',
    WEBHOOK_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:acme-bench-webhook-AbCdEf`,
    WEBHOOK_TOLERANCE_SECONDS: '300',
    WEBHOOK_MAX_BODY_BYTES: '262144',
    // Delivery on, as by default (config webhook.delivery): the SQS and DynamoDB clients are part of the webhook.
    WEBHOOK_QUEUE_URL: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/acme-bench-webhook-deliveries`,
    WEBHOOK_DELIVERIES_TABLE: 'acme-bench-webhook-deliveries',
    WEBHOOK_DEDUPE_SECONDS: String(30 * 86_400),
  },
  'webhook-consumer': {
    WEBHOOK_DELIVERIES_TABLE: 'acme-bench-webhook-deliveries',
    WEBHOOK_DEDUPE_SECONDS: String(30 * 86_400),
  },
  api: {
    DB_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:acme-bench-db-app-AbCdEf`,
    CONFIG_PARAMETER_NAME: '/acme/bench/api/config',
    DB_CA_BUNDLE_PATH: CA_BUNDLE,
  },
  'rotate-github-webhook': {
    GITHUB_HOOK_KIND: 'repository',
    GITHUB_HOOK_TARGET: 'acme/bench',
    GITHUB_HOOK_ID: '1',
    GITHUB_TOKEN_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:acme/bench/github-webhook-token-AbCdEf`,
  },
  'rotate-postgres': { DB_CA_BUNDLE_PATH: CA_BUNDLE },
  // Rotates secrets the template generates for a team's functions; it reads no variables of its own.
  'rotate-random-secret': {},
};

/** Environment variables for function `name` as deployed, plus `overrides`. */
export function functionEnv(name, overrides = {}) {
  return { ...common, POWERTOOLS_SERVICE_NAME: name, ...(perFunction[name] ?? {}), ...overrides };
}

/**
 * What the Lambda runtime itself adds in a function with active tracing, before the module loads: with these
 * Powertools Tracer and the X-Ray SDK initialise as in Lambda (the trace header arrives per invocation).
 */
export function lambdaRuntimeEnv(name) {
  return {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_FUNCTION_NAME: `acme-bench-${name}`,
    LAMBDA_TASK_ROOT: '/var/task',
    _HANDLER: 'index.handler',
    AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  };
}
