// npm run invoke -- <env> <path> [--method GET] [--data '{...}'] [--url URL] [--region REGION]
// Calls the API function URL (AWS_IAM auth) with a SigV4-signed request and prints the status and body.
// The URL comes from outputs/<env>.json (written by `npm run deploy -- <env>`), credentials from the default
// provider chain (environment, profile, SSO, instance role). The pure parts are exported for the unit tests.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** What the command line asked for. */
export interface InvokeArgs {
  readonly env: string;
  readonly path: string;
  readonly method: string;
  readonly data: string | undefined;
  readonly url: string | undefined;
  readonly region: string | undefined;
}

/** A usage or set-up problem; its message says what to do. */
export class InvokeError extends Error {}

const USAGE = "usage: npm run invoke -- <env> <path> [--method GET] [--data '{...}'] [--url URL] [--region REGION]";

/** Parses `<env> <path> [--method M] [--data JSON] [--url URL] [--region R]`. */
export function parseInvokeArgs(argv: readonly string[]): InvokeArgs {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const match = /^--(method|data|url|region)(?:=(.*))?$/.exec(arg);
    if (match) {
      const value = match[2] ?? argv[i + 1];
      if (value === undefined) throw new InvokeError(`${arg} needs a value\n${USAGE}`);
      options[match[1] as string] = value;
      if (match[2] === undefined) i += 1;
    } else if (arg.startsWith('--')) {
      throw new InvokeError(`unknown option ${arg}\n${USAGE}`);
    } else {
      positional.push(arg);
    }
  }
  const [env, path] = positional;
  if (env === undefined || path === undefined || positional.length > 2) throw new InvokeError(USAGE);
  if (options.data !== undefined) {
    try {
      JSON.parse(options.data);
    } catch {
      throw new InvokeError('--data must be JSON');
    }
  }
  return {
    env,
    path: path.startsWith('/') ? path : `/${path}`,
    method: (options.method ?? (options.data === undefined ? 'GET' : 'POST')).toUpperCase(),
    data: options.data,
    url: options.url,
    region: options.region,
  };
}

/** apiFunctionUrl of `<env>-app` in the outputs file that `npm run deploy -- <env>` writes. */
export function readApiFunctionUrl(outputsFile: string, env: string): string {
  if (!existsSync(outputsFile)) {
    throw new InvokeError(
      `${outputsFile} not found: deploy the environment first (npm run deploy -- ${env} writes it), or pass --url`,
    );
  }
  let outputs: unknown;
  try {
    outputs = JSON.parse(readFileSync(outputsFile, 'utf8'));
  } catch {
    throw new InvokeError(`${outputsFile} is not JSON: deploy again (npm run deploy -- ${env}) or pass --url`);
  }
  const stack = (outputs as Record<string, Record<string, unknown> | undefined>)[`${env}-app`];
  const url = stack?.apiFunctionUrl;
  if (typeof url !== 'string' || url === '') {
    throw new InvokeError(
      `${outputsFile} has no "${env}-app".apiFunctionUrl: deploy the ${env}-app stack (npm run deploy -- ${env}), or pass --url`,
    );
  }
  return url;
}

/** The region in a function URL's host name (`<id>.lambda-url.<region>.on.aws`), if it has one. */
export function regionFromFunctionUrl(url: URL): string | undefined {
  return /\.lambda-url\.([a-z0-9-]+)\.on\.aws$/.exec(url.hostname)?.[1];
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SignInput {
  readonly url: URL;
  readonly method: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly region: string;
  readonly credentials: Credentials;
  /** Function URLs sign as `lambda`. @default 'lambda' */
  readonly service?: string;
  /** @default now */
  readonly signingDate?: Date;
}

/** The request's headers with a SigV4 Authorization (plus X-Amz-Date and, for sessions, X-Amz-Security-Token). */
export async function signRequest(input: SignInput): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: input.service ?? 'lambda',
    region: input.region,
    credentials: input.credentials,
    sha256: Hash.bind(null, 'sha256'),
    // The body's hash is part of the signature either way; the extra header is only needed by S3.
    applyChecksum: false,
  });
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of input.url.searchParams) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const signed = await signer.sign(
    {
      method: input.method,
      protocol: input.url.protocol,
      hostname: input.url.hostname,
      port: input.url.port === '' ? undefined : Number(input.url.port),
      path: input.url.pathname,
      query,
      headers: { host: input.url.host, ...input.headers },
      body: input.body,
    },
    input.signingDate === undefined ? {} : { signingDate: input.signingDate },
  );
  return signed.headers;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseInvokeArgs(argv);
  const base = args.url ?? readApiFunctionUrl(resolve(join(__dirname, '..', 'outputs', `${args.env}.json`)), args.env);
  const url = new URL(args.path, base);
  const region = args.region ?? regionFromFunctionUrl(url) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (region === undefined) {
    throw new InvokeError(`cannot tell the region of ${url.host}: pass --region or set AWS_REGION`);
  }
  const headers = await signRequest({
    url,
    method: args.method,
    body: args.data,
    headers: args.data === undefined ? {} : { 'content-type': 'application/json' },
    region,
    credentials: await fromNodeProviderChain()(),
  });
  // fetch sets Host itself, from the same URL that was signed.
  const { host: _host, ...sent } = headers;
  const response = await fetch(url, { method: args.method, headers: sent, body: args.data });
  const text = await response.text();
  process.stdout.write(`${response.status} ${response.statusText}\n`);
  let printed = text;
  try {
    printed = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON: print as received.
  }
  process.stdout.write(`${printed}\n`);
  return response.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`invoke: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
