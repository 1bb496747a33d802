import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The only keys a log line may carry besides Powertools' own (level, message, timestamp, service, request
 * id). Keeping them to a fixed, typed set is what keeps secrets, signatures and bodies out of the logs.
 */
export interface LogFields {
  /** What happened to the request: accepted, rejected, failed. */
  readonly outcome?: 'accepted' | 'rejected' | 'failed';
  /** Short machine-readable reason, e.g. signature_mismatch. */
  readonly reason?: string;
  /** HTTP status code returned. */
  readonly status?: number;
  /** Webhook signature scheme. */
  readonly scheme?: string;
  /** Secret staging label a request was verified with. */
  readonly stage?: string;
  /** HTTP method and route of an API call. */
  readonly method?: string;
  readonly route?: string;
  /** Size of a request body in bytes (never the body). */
  readonly bodyBytes?: number;
  /** Seconds since a value served stale was fetched (Secrets Manager refreshes failing). */
  readonly ageSeconds?: number;
  /** Milliseconds spent on the request. */
  readonly durationMs?: number;
  /** Class name of an error; its message is not logged, it may quote input. */
  readonly errorName?: string;
  /** PostgreSQL SQLSTATE of a database error. */
  readonly sqlState?: string;
  /** A webhook sender's delivery id (GitHub X-GitHub-Delivery, ...): an identifier, never a signature. */
  readonly deliveryId?: string;
  /** A webhook sender's event type, e.g. push. */
  readonly eventType?: string | null;
  /** The webhook's delivery result: queued, duplicate, queued-unrecorded. */
  readonly delivery?: string;
}

/** The logging surface the functions use. */
export interface AppLogger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Adds the Lambda request id and function name to the following lines. */
  addContext(context: LambdaContextLike | undefined): void;
}

/** Minimal Lambda context accepted by Logger.addContext. */
export interface LambdaContextLike {
  readonly awsRequestId: string;
  readonly functionName: string;
}

/** An AppLogger backed by Powertools Logger (service name from POWERTOOLS_SERVICE_NAME, JSON output). */
export class PowertoolsAppLogger implements AppLogger {
  constructor(readonly powertools: Logger = new Logger()) {}

  info(message: string, fields: LogFields = {}): void {
    this.powertools.info(message, { ...fields });
  }

  warn(message: string, fields: LogFields = {}): void {
    this.powertools.warn(message, { ...fields });
  }

  error(message: string, fields: LogFields = {}): void {
    this.powertools.error(message, { ...fields });
  }

  addContext(context: LambdaContextLike | undefined): void {
    if (context !== undefined && typeof context.awsRequestId === 'string') {
      // Powertools types this as aws-lambda's Context; it reads only the fields LambdaContextLike has.
      this.powertools.addContext(context as Parameters<Logger['addContext']>[0]);
    }
  }
}
