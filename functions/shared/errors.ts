/**
 * Base of every error the functions raise on purpose. Callers branch on the class, never on the message;
 * `cause` keeps the underlying SDK or driver error for the logs.
 */
export abstract class FunctionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    // The bundler keeps class names (keepNames), so the name survives minification.
    this.name = new.target.name;
  }
}

/** An environment variable is missing or out of range: the deployment, not the request, is wrong. */
export class ConfigurationError extends FunctionError {}

/** Secrets Manager could not give a value (throttled, denied, unreachable, binary-only secret). */
export class SecretUnavailableError extends FunctionError {}

/** SSM Parameter Store could not give a value (missing, denied, unreachable). */
export class ParameterUnavailableError extends FunctionError {}
