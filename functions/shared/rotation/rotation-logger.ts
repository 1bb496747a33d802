import { Logger } from '@aws-lambda-powertools/logger';
import type { RotationStep } from './event';

/**
 * The only keys a rotation log line carries besides Powertools' own. There is deliberately no field for a
 * value, a username or a password: logs name the step, the secret and the version, and what happened.
 */
export interface RotationLogFields {
  readonly step?: RotationStep;
  readonly secretArn?: string;
  /** The rotation's version id (ClientRequestToken): not secret, it identifies the attempt. */
  readonly versionId?: string;
  /** Short machine-readable outcome, e.g. `pending_kept`, `password_set`, `already_current`. */
  readonly outcome?: string;
  /** Class name of an error; its message is logged only for our own errors, which never quote values. */
  readonly errorName?: string;
  readonly errorMessage?: string;
  /** PostgreSQL SQLSTATE of a database error. */
  readonly sqlState?: string;
  readonly durationMs?: number;
}

export interface RotationLogger {
  info(message: string, fields: RotationLogFields): void;
  error(message: string, fields: RotationLogFields): void;
}

/** RotationLogger on Powertools Logger (JSON, service from POWERTOOLS_SERVICE_NAME). */
export function powertoolsRotationLogger(logger: Logger = new Logger()): RotationLogger {
  return {
    info: (message, fields) => logger.info(message, { ...fields }),
    error: (message, fields) => logger.error(message, { ...fields }),
  };
}
