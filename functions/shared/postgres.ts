import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Client, type ClientConfig, DatabaseError, type QueryResult, type QueryResultRow } from 'pg';
import type { Env } from './env';
import { FunctionError } from './errors';
import { sqlOperation } from './sql-operation';
import { type Annotations, inSubsegment, type TraceScope } from './tracing';

/**
 * The application database credential as Secrets Manager stores it for the alternating-users rotation
 * (AWS's format): which user, on which server, and which master secret may change its password.
 */
export interface DbCredential {
  readonly engine: 'postgres';
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  /** `<user>` or `<user>_clone`: the rotation alternates between the two. */
  readonly username: string;
  readonly password: string;
  /** ARN of the master secret (RDS-managed: {"username","password"} only). */
  readonly masterarn?: string;
}

/** What a login needs: server, database, user, password. */
export type LoginDetails = Pick<DbCredential, 'host' | 'port' | 'dbname' | 'username' | 'password'>;

/** Where the Lambda Node.js runtime keeps its CA bundle, which includes the RDS certificate authorities. */
export const DEFAULT_CA_BUNDLE_PATH = '/var/runtime/ca-cert.pem';

/** A secret's JSON does not hold a usable credential. The message names fields, never values. */
export class InvalidCredentialError extends FunctionError {}

/** DB_CA_BUNDLE_PATH, or the Lambda runtime's bundle when unset. */
export function caBundlePath(env: Env): string {
  const value = env.DB_CA_BUNDLE_PATH;
  return value === undefined || value.trim() === '' ? DEFAULT_CA_BUNDLE_PATH : value;
}

const caBundles = new Map<string, string>();

/** The PEM bundle at `path`, read once per cold start. */
export function loadCaBundle(path: string): string {
  let pem = caBundles.get(path);
  if (pem === undefined) {
    pem = readFileSync(path, 'utf8');
    caBundles.set(path, pem);
  }
  return pem;
}

function field(value: Record<string, unknown>, name: string, what: string): string {
  const v = value[name];
  if (typeof v !== 'string' || v === '')
    throw new InvalidCredentialError(`${what}: "${name}" must be a non-empty string`);
  return v;
}

/** Parses and checks the JSON of a database credential secret; `what` names the secret in errors. */
export function parseDbCredential(secretString: string, what: string): DbCredential {
  const value = parseObject(secretString, what);
  const engine = value.engine ?? 'postgres';
  if (engine !== 'postgres') throw new InvalidCredentialError(`${what}: "engine" must be "postgres"`);
  const port = value.port === undefined ? 5432 : Number(value.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new InvalidCredentialError(`${what}: "port" must be a TCP port number`);
  }
  const masterarn = value.masterarn === undefined ? undefined : field(value, 'masterarn', what);
  return {
    engine: 'postgres',
    host: field(value, 'host', what),
    port,
    dbname: value.dbname === undefined ? 'postgres' : field(value, 'dbname', what),
    username: field(value, 'username', what),
    password: field(value, 'password', what),
    ...(masterarn === undefined ? {} : { masterarn }),
  };
}

/** Parses the master secret RDS manages: {"username","password"} (other keys are ignored). */
export function parseMasterCredential(secretString: string, what: string): { username: string; password: string } {
  const value = parseObject(secretString, what);
  return { username: field(value, 'username', what), password: field(value, 'password', what) };
}

function parseObject(secretString: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new InvalidCredentialError(`${what}: the secret is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidCredentialError(`${what}: the secret is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

export interface ConnectOptions {
  /** PEM of the CA(s) the server certificate must chain to. */
  readonly ca: string;
  /** @default 5000 */
  readonly connectTimeoutMs?: number;
  /** Server-side statement_timeout and lock_timeout. @default 10000 */
  readonly statementTimeoutMs?: number;
  /** Shown in pg_stat_activity. @default 'lambda' */
  readonly applicationName?: string;
}

/**
 * pg client settings for a verified TLS login: the server certificate must chain to `ca` and name the
 * host (SNI and the name check use the host name; for an IP address Node checks the IP instead).
 */
export function clientConfig(login: LoginDetails, options: ConnectOptions): ClientConfig {
  const timeout = options.statementTimeoutMs ?? 10_000;
  return {
    host: login.host,
    port: login.port,
    database: login.dbname,
    user: login.username,
    password: login.password,
    ssl: {
      ca: options.ca,
      rejectUnauthorized: true,
      ...(isIP(login.host) === 0 ? { servername: login.host } : {}),
    },
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    statement_timeout: timeout,
    lock_timeout: timeout,
    query_timeout: timeout + 1000,
    application_name: options.applicationName ?? 'lambda',
  };
}

/** Opens a verified TLS connection; the caller ends it (see withConnection). */
export async function connect(login: LoginDetails, options: ConnectOptions): Promise<Client> {
  const client = new Client(clientConfig(login, options));
  // A server that goes away later emits 'error' on the client; without a listener that would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/** What the functions do with a connection: one statement at a time, values as bind parameters. */
export interface SqlClient {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * Runs `work` on a fresh connection and always closes it. In a traced invocation the connection is a
 * `PostgreSQL` subsegment holding a `connect` subsegment and one per statement, named by its operation
 * (sql-operation.ts): the statement's text, its values and the login never reach the trace.
 */
export async function withConnection<T>(
  login: LoginDetails,
  options: ConnectOptions,
  work: (client: SqlClient) => Promise<T>,
): Promise<T> {
  return inSubsegment(
    'PostgreSQL',
    async (connection) => {
      const client = await inSubsegment('connect', () => connect(login, options), {
        parent: connection,
        errorAnnotations: sqlStateAnnotation,
      });
      try {
        return await work(tracedClient(client, connection));
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { namespace: 'remote', errorAnnotations: sqlStateAnnotation },
  );
}

function tracedClient(client: Client, connection: TraceScope): SqlClient {
  return {
    query: <R extends QueryResultRow>(text: string, values?: unknown[]) =>
      inSubsegment(sqlOperation(text), () => client.query<R>(text, values), {
        parent: connection,
        errorAnnotations: sqlStateAnnotation,
      }),
  };
}

function sqlStateAnnotation(error: unknown): Annotations {
  const state = sqlState(error);
  return state === undefined ? {} : { sqlState: state };
}

/** The SQLSTATE of a PostgreSQL error, if `error` is one. */
export function sqlState(error: unknown): string | undefined {
  // Socket errors carry a `code` too (EPIPE, ECONNREFUSED): only the server's own errors have a SQLSTATE.
  return error instanceof DatabaseError ? error.code : undefined;
}

/**
 * The server refused the login: wrong password (28P01) or no such role / not allowed (28000). Anything
 * else (timeouts, refused connections, TLS failures) is not an answer about the credential.
 */
export function isAuthenticationError(error: unknown): boolean {
  const state = sqlState(error);
  return state === '28P01' || state === '28000';
}
