// npm run encrypt -- --env <env> --function <name> [<value> | -]
//
// Encrypts a value for a Lambda environment variable with the environment's KMS key (alias/<project>-<env>)
// and the encryption context { LambdaFunctionName: <project>-<env>-<name> }, and prints the base64
// ciphertext. The function decrypts it at cold start with functions/shared/encrypted-env.ts. Leave the value
// out (or pass "-") to read it from standard input, so it stays out of the shell history.

import { parseArgs } from 'node:util';
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { projectConfig } from '../config/environments';
import { ConfigError, type ProjectInput, selectEnvironments, validateProject } from '../lib/config/validate';

export const USAGE = `usage: npm run encrypt -- --env <env> --function <name> [<value> | -]

Encrypts <value> with the KMS key alias/<project>-<env> and the encryption context
{"LambdaFunctionName": "<project>-<env>-<name>"}, and prints the base64 ciphertext to put in the
function's environment. Without <value> (or with "-") the value is read from standard input.

  --env        an environment from config/environments.ts
  --function   the function's name, short (api) or deployed (<project>-<env>-api)

example: printf %s "$TOKEN" | npm run encrypt -- --env dev --function api`;

/** Wrong arguments: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export interface EncryptRequest {
  readonly keyAlias: string;
  readonly region: string;
  readonly functionName: string;
  /** The value from the command line, or undefined to read standard input. */
  readonly value: string | undefined;
}

/** Reads the arguments and the project config into what to encrypt, with which key and context. */
export function parseEncryptArgs(argv: readonly string[], config: ProjectInput = projectConfig): EncryptRequest {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (!values.env) throw new UsageError('--env is required');
  if (!values.function) throw new UsageError('--function is required');
  if (positionals.length > 1) throw new UsageError('give one value (quote it), or none to read standard input');
  const project = validateProject(config);
  const [environment] = selectEnvironments(project, [values.env]);
  if (!environment) throw new UsageError(`unknown environment "${values.env}"`);
  const prefix = `${project.name}-${environment.name}`;
  const name = values.function;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new UsageError(`--function "${name}" is not a Lambda function name`);
  const value = positionals[0];
  return {
    keyAlias: `alias/${prefix}`,
    region: environment.region,
    functionName: name.startsWith(`${prefix}-`) ? name : `${prefix}-${name}`,
    value: value === '-' ? undefined : value,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: { env: { type: 'string' }, function: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
}

/** Standard input as text, without the one trailing newline `echo` or a terminal adds. */
export async function readValue(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Encrypts `value` for `request.functionName`; returns the base64 ciphertext. */
export async function encryptValue(
  kms: Pick<KMSClient, 'send'>,
  request: Pick<EncryptRequest, 'keyAlias' | 'functionName'>,
  value: string,
): Promise<string> {
  const out = await kms.send(
    new EncryptCommand({
      KeyId: request.keyAlias,
      Plaintext: Buffer.from(value, 'utf8'),
      EncryptionContext: { LambdaFunctionName: request.functionName },
    }),
  );
  if (!out.CiphertextBlob) throw new Error('KMS returned no ciphertext');
  return Buffer.from(out.CiphertextBlob).toString('base64');
}

export interface Io {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** The command; returns the exit code. `kmsFor` makes the client (tests point it at moto); `config` is the project. */
export async function main(
  argv: readonly string[],
  io: Io,
  kmsFor: (region: string) => Pick<KMSClient, 'send'> = (region) => new KMSClient({ region }),
  config: ProjectInput = projectConfig,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let request: EncryptRequest;
  try {
    request = parseEncryptArgs(argv, config);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr.write(`encrypt: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (request.value === undefined && io.stdin.isTTY) {
    io.stderr.write('reading the value from standard input; end it with Ctrl-D\n');
  }
  const value = request.value ?? (await readValue(io.stdin));
  if (value === '') {
    io.stderr.write(`encrypt: the value is empty\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const ciphertext = await encryptValue(kmsFor(request.region), request, value);
    io.stderr.write(`encrypted with ${request.keyAlias} for function ${request.functionName}\n`);
    io.stdout.write(`${ciphertext}\n`);
    return 0;
  } catch (error) {
    const name = (error as Error).name ?? 'Error';
    io.stderr.write(
      `encrypt: KMS Encrypt with ${request.keyAlias} in ${request.region} failed: ${name}: ${(error as Error).message}\n` +
        '(are your AWS credentials for that account, and is the security stack deployed?)\n',
    );
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`encrypt: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
