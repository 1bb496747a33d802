import type { Env } from '../shared/env';
import { ConfigurationError } from '../shared/errors';

/**
 * Where the rotated credential must point, from the function's own environment (set by the stack, so not
 * writable by whoever can write the secret). With it, the function gives a secret without a value its first
 * credential, and never sends the master password to a host other than DB_HOST.
 */
export interface DatabaseTarget {
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  /** The base user of the pair: `<user>`; `<user>_clone` is its alternate. */
  readonly username: string;
  /** ARN of the master secret (RDS-managed). */
  readonly masterSecretArn: string;
}

const VARIABLES = ['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USERNAME', 'MASTER_SECRET_ARN'] as const;

/** DB_HOST, DB_PORT, DB_NAME, DB_USERNAME and MASTER_SECRET_ARN: all of them, or none (the secret alone decides). */
export function readDatabaseTarget(env: Env): DatabaseTarget | undefined {
  const set = VARIABLES.filter((name) => (env[name] ?? '').trim() !== '');
  if (set.length === 0) return undefined;
  if (set.length < VARIABLES.length) {
    const missing = VARIABLES.filter((name) => !set.includes(name));
    throw new ConfigurationError(`set all of ${VARIABLES.join(', ')} or none of them (missing: ${missing.join(', ')})`);
  }
  const port = Number(env.DB_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ConfigurationError(`environment variable DB_PORT="${env.DB_PORT}" must be a TCP port number`);
  }
  return {
    host: String(env.DB_HOST).trim(),
    port,
    dbname: String(env.DB_NAME).trim(),
    username: String(env.DB_USERNAME).trim(),
    masterSecretArn: String(env.MASTER_SECRET_ARN).trim(),
  };
}
