import { FunctionError } from '../shared/errors';

/** Base of the errors an API request can end in; the handler maps each class to one status code. */
export abstract class ApiError extends FunctionError {}

/** No route has this path (404). */
export class RouteNotFoundError extends ApiError {}

/** The path exists but not for this method (405). */
export class MethodNotAllowedError extends ApiError {
  constructor(readonly allowed: readonly string[]) {
    super(`allowed: ${allowed.join(', ')}`);
  }
}

/** The request carries no IAM caller (only possible if the URL's auth type is not AWS_IAM) (401). */
export class MissingCallerError extends ApiError {}

/** This environment has no database (DB_SECRET_ARN unset) (503). */
export class DatabaseNotConfiguredError extends ApiError {}

/** This environment's API has no signing key (API_SIGNING_KEY_ENCRYPTED unset) (503). */
export class SigningKeyNotConfiguredError extends ApiError {}

/** The database could not be reached or queried: network, TLS, server error, unusable credential (503). */
export class DatabaseUnavailableError extends ApiError {}

/** The database refused the credential, even after it was fetched again (503). */
export class DatabaseAuthenticationError extends DatabaseUnavailableError {}
