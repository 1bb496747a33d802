// GetSecretValue as one SigV4-signed HTTPS request, for a function whose init must stay small (the webhook). The
// Lambda runtime's Secrets Manager client costs about 45 ms of init to load (bench/RESULTS.md, "Cold start"); the
// signer and the SDK's own HTTP handler, bundled, cost a few. The rest is the same as the client's: the same
// endpoint variables, the same timeouts (aws-client-options.ts), one retry of a transient failure, and errors
// shaped as the SDK's (name, $fault, $metadata.httpStatusCode, Node's code) so aws-errors.ts classifies them alike.
import { HttpRequest } from '@smithy/core/protocols';
import { Hash } from '@smithy/hash-node';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { AWS_CALL_LIMITS } from './aws-client-options';
import { classifyAwsError, isThrottlingError } from './aws-errors';
import type { GetSecretValueInput, GetSecretValueOutput, SecretsManagerReader } from './secret-cache';
import { inSubsegment } from './tracing';

/** The signing identity: in Lambda, the execution role's credentials the runtime puts in the environment. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Limits per attempt, as the SDK clients' requestHandler options; the attempts and retry wait of AWS_CALL_LIMITS. */
export interface HttpCallLimits {
  readonly connectionTimeout: number;
  readonly requestTimeout: number;
}

export interface SecretsManagerHttpOptions {
  readonly region: string;
  /** The service's base URL (secretsManagerEndpoint). */
  readonly endpoint: string;
  readonly credentials: () => AwsCredentials | Promise<AwsCredentials>;
  readonly limits: HttpCallLimits;
  /** [0, 1) for the retry's random wait. @default Math.random */
  readonly random?: () => number;
}

/** A Secrets Manager answer other than 200, or no answer: shaped as the SDK's errors, without the service's message. */
export class SecretsManagerHttpError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { readonly httpStatusCode?: number; readonly requestId?: string };

  constructor(name: string, status: number | undefined, requestId: string | undefined) {
    super(`Secrets Manager answered ${status ?? 'nothing'} (${name})`);
    this.name = name;
    this.$fault = status !== undefined && status < 500 ? 'client' : 'server';
    this.$metadata = { httpStatusCode: status, requestId };
  }
}

/** A 200 answer and its request id, for the trace. */
interface Answered {
  readonly output: GetSecretValueOutput;
  readonly requestId: string | undefined;
}

const SERVICE = 'secretsmanager';
const TARGET = 'secretsmanager.GetSecretValue';
/** The standard retry's base waits: a retry waits a random time below twice the base (AWS_CALL_LIMITS.retryDelayCapMs). */
const RETRY_BASE_MS = { throttling: AWS_CALL_LIMITS.retryDelayCapMs / 2, other: 100 } as const;

export class SecretsManagerHttpReader implements SecretsManagerReader {
  private readonly http: NodeHttpHandler;
  private readonly signer: SignatureV4;
  private readonly endpoint: URL;
  private readonly random: () => number;
  private readonly region: string;

  constructor(options: SecretsManagerHttpOptions) {
    this.region = options.region;
    this.endpoint = new URL(options.endpoint);
    this.http = new NodeHttpHandler({ ...options.limits, throwOnRequestTimeout: true });
    this.signer = new SignatureV4({
      service: SERVICE,
      region: options.region,
      credentials: async () => options.credentials(),
      sha256: Hash.bind(null, 'sha256'),
    });
    this.random = options.random ?? Math.random;
  }

  /**
   * One call, its retry included, as one `SecretsManager` subsegment when traced, with the operation, region,
   * request id and HTTP status a captured SDK client's subsegment carries (never the input or the answer).
   */
  getSecretValue(input: GetSecretValueInput): Promise<GetSecretValueOutput> {
    return inSubsegment(
      'SecretsManager',
      async (scope) => {
        const record = (status: number | undefined, requestId: string | undefined) => {
          scope?.addAttribute('aws', {
            operation: 'GetSecretValue',
            region: this.region,
            ...(requestId === undefined ? {} : { request_id: requestId }),
          });
          if (status !== undefined) scope?.addAttribute('http', { response: { status } });
        };
        try {
          const { output, requestId } = await this.withRetry(input);
          record(200, requestId);
          return output;
        } catch (error) {
          const metadata = error instanceof SecretsManagerHttpError ? error.$metadata : undefined;
          record(metadata?.httpStatusCode, metadata?.requestId);
          throw error;
        }
      },
      { namespace: 'aws' },
    );
  }

  private async withRetry(input: GetSecretValueInput): Promise<Answered> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(input);
      } catch (error) {
        if (attempt >= AWS_CALL_LIMITS.maxAttempts || classifyAwsError(error) !== 'transient') throw error;
        const base = isThrottlingError(error) ? RETRY_BASE_MS.throttling : RETRY_BASE_MS.other;
        await new Promise((resolve) => setTimeout(resolve, this.random() * 2 * base));
      }
    }
  }

  private async attempt(input: GetSecretValueInput): Promise<Answered> {
    const body = JSON.stringify({ SecretId: input.SecretId, VersionStage: input.VersionStage });
    const request = new HttpRequest({
      method: 'POST',
      protocol: this.endpoint.protocol,
      hostname: this.endpoint.hostname,
      port: this.endpoint.port === '' ? undefined : Number(this.endpoint.port),
      path: this.endpoint.pathname,
      headers: {
        host: this.endpoint.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': TARGET,
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
    const signed = await this.signer.sign(request);
    const { response } = await this.http.handle(signed as HttpRequest);
    const text = Buffer.from(await streamCollector(response.body)).toString('utf8');
    const requestId = response.headers['x-amzn-requestid'];
    if (response.statusCode !== 200) {
      throw new SecretsManagerHttpError(errorName(response.headers, text), response.statusCode, requestId);
    }
    let parsed: { SecretString?: unknown; VersionId?: unknown; CreatedDate?: unknown };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SecretsManagerHttpError('InvalidResponse', 502, requestId);
    }
    const output = {
      SecretString: typeof parsed.SecretString === 'string' ? parsed.SecretString : undefined,
      VersionId: typeof parsed.VersionId === 'string' ? parsed.VersionId : undefined,
      // The JSON protocol sends timestamps as epoch seconds.
      CreatedDate: typeof parsed.CreatedDate === 'number' ? new Date(parsed.CreatedDate * 1000) : undefined,
    };
    return { output, requestId };
  }

  /** Closes the kept-alive connections (tests; Lambda freezes the environment instead). */
  destroy(): void {
    this.http.destroy();
  }
}

/**
 * The endpoint the SDK would use: AWS_ENDPOINT_URL_SECRETS_MANAGER, else AWS_ENDPOINT_URL (unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true), else the regional endpoint of the aws or aws-cn partition, FIPS
 * with AWS_USE_FIPS_ENDPOINT. A region of another partition needs the endpoint variable.
 */
export function secretsManagerEndpoint(env: NodeJS.ProcessEnv): string {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() !== 'true') {
    const configured = env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL;
    if (configured) return configured;
  }
  const region = requiredRegion(env);
  const fips = env.AWS_USE_FIPS_ENDPOINT?.toLowerCase() === 'true' ? '-fips' : '';
  const dnsSuffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${SERVICE}${fips}.${region}.${dnsSuffix}`;
}

/** The credentials in the environment, or undefined when the two required variables are not both set. */
export function environmentCredentials(env: NodeJS.ProcessEnv): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

/**
 * The environment's credentials, read per call, as the Lambda runtime always sets them; without them (the function
 * run elsewhere, with a profile, SSO or a container role), the SDK's default provider chain, loaded on first use.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): () => Promise<AwsCredentials> {
  let chain: (() => Promise<AwsCredentials>) | undefined;
  return async () => {
    const fromEnv = environmentCredentials(env);
    if (fromEnv !== undefined) return fromEnv;
    if (chain === undefined) {
      const { fromNodeProviderChain } =
        require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers');
      chain = fromNodeProviderChain();
    }
    return chain();
  };
}

/** The reader for a function's environment: region, endpoint and credentials as the SDK would find them. */
export function secretsManagerReaderFromEnv(env: NodeJS.ProcessEnv, limits: HttpCallLimits): SecretsManagerHttpReader {
  return new SecretsManagerHttpReader({
    region: requiredRegion(env),
    endpoint: secretsManagerEndpoint(env),
    credentials: credentialsFromEnv(env),
    limits,
  });
}

function requiredRegion(env: NodeJS.ProcessEnv): string {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('AWS_REGION is not set: the Lambda runtime sets it; set it when running elsewhere');
  return region;
}

/** The error's short name from the JSON protocol's x-amzn-errortype header or `__type`/`code` field. */
function errorName(headers: Record<string, string | undefined>, text: string): string {
  let raw = headers['x-amzn-errortype'];
  if (!raw) {
    try {
      const parsed = JSON.parse(text) as { __type?: unknown; code?: unknown };
      raw = typeof parsed.__type === 'string' ? parsed.__type : typeof parsed.code === 'string' ? parsed.code : '';
    } catch {
      raw = '';
    }
  }
  const name = (raw.split(':')[0] ?? '').split('#').pop()?.trim();
  return name && /^[A-Za-z0-9_.]+$/.test(name) ? name : 'UnknownError';
}
