import { ConfigurationError, SecretUnavailableError } from '../shared/errors';
import type { AppLogger } from '../shared/logger';
import { type DbCredential, isAuthenticationError, type LoginDetails, parseDbCredential } from '../shared/postgres';
import type { SecretSource } from '../shared/secret-cache';
import { DatabaseAuthenticationError, DatabaseUnavailableError } from './errors';

/** The part of a pg client the API uses. */
export interface QueryClient {
  query(text: string): Promise<{ rows: unknown[] }>;
}

/** Opens a connection with `login`, runs `work`, closes it (production: postgres.ts withConnection). */
export type RunWithLogin = <T>(login: LoginDetails, work: (client: QueryClient) => Promise<T>) => Promise<T>;

export interface CredentialedDatabaseOptions {
  readonly secrets: SecretSource;
  /** ARN of the database credential secret. */
  readonly secretArn: string;
  readonly run: RunWithLogin;
  readonly logger: AppLogger;
}

/**
 * Runs queries with the cached AWSCURRENT database credential. When the server refuses the login
 * (SQLSTATE 28P01/28000) the credential may just have been rotated, so it is fetched again once and, if it
 * changed, the work is retried with it; a second refusal is a DatabaseAuthenticationError. Every other
 * failure of the database or its credential is a DatabaseUnavailableError with the original as `cause`.
 */
export class CredentialedDatabase {
  constructor(private readonly options: CredentialedDatabaseOptions) {}

  async query<T>(work: (client: QueryClient) => Promise<T>): Promise<T> {
    const { secrets, secretArn, logger } = this.options;
    const credential = await this.credential();
    try {
      return await this.run(credential, work);
    } catch (error) {
      if (!(error instanceof DatabaseAuthenticationError)) {
        throw error;
      }
      secrets.invalidate(secretArn, 'AWSCURRENT');
      const fresh = await this.credential();
      if (sameLogin(fresh, credential)) {
        throw error;
      }
      logger.info('database credential changed, retrying with the new one', { reason: 'credential_refetched' });
      return await this.run(fresh, work);
    }
  }

  /** Runs `work` with one login, turning every failure into a DatabaseUnavailableError (or its subclass). */
  private async run<T>(login: LoginDetails, work: (client: QueryClient) => Promise<T>): Promise<T> {
    try {
      return await this.options.run(login, work);
    } catch (error) {
      if (error instanceof ConfigurationError) {
        throw error;
      }
      if (isAuthenticationError(error)) {
        throw new DatabaseAuthenticationError('the database refused the credential', { cause: error });
      }
      throw new DatabaseUnavailableError('the database query failed', { cause: error });
    }
  }

  private async credential(): Promise<DbCredential> {
    const secretString = await this.options.secrets.getSecretString(this.options.secretArn, 'AWSCURRENT');
    if (secretString === undefined) {
      throw new SecretUnavailableError('the database credential secret has no AWSCURRENT version');
    }
    try {
      return parseDbCredential(secretString, 'database credential secret');
    } catch (error) {
      throw new DatabaseUnavailableError('the database credential secret is not usable', { cause: error });
    }
  }
}

function sameLogin(a: LoginDetails, b: LoginDetails): boolean {
  return (
    a.username === b.username &&
    a.password === b.password &&
    a.host === b.host &&
    a.port === b.port &&
    a.dbname === b.dbname
  );
}

/** What GET /db/ping answers. */
export interface PingResult {
  readonly currentUser: string;
  readonly database: string;
  readonly serverTime: string;
}

/** One round trip that proves login and query work, and shows which of the alternating users is in use. */
export async function ping(client: QueryClient): Promise<PingResult> {
  const { rows } = await client.query('SELECT current_user AS "user", current_database() AS "db", now() AS "time"');
  const row = rows[0] as { user: string; db: string; time: Date | string };
  return {
    currentUser: row.user,
    database: row.db,
    serverTime: row.time instanceof Date ? row.time.toISOString() : String(row.time),
  };
}
