import { RotationError } from '../shared/rotation/errors';

/**
 * GitHub's REST API refused or failed a call. The message names the call and the status, never the token, the
 * secret or GitHub's response body; the rotation fails and AWSCURRENT stays where it is.
 */
export abstract class GithubApiError extends RotationError {
  constructor(
    message: string,
    /** HTTP status GitHub answered with (0 when the request never got an answer). */
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** 401: the token is missing, expired or revoked. */
export class GithubUnauthorizedError extends GithubApiError {}

/** 404 (also GitHub's answer when the token may not see the hook): wrong owner/repo, org or hook id, or no access. */
export class GithubHookNotFoundError extends GithubApiError {}

/** 422: GitHub refused the request body. */
export class GithubValidationError extends GithubApiError {}

/** 403 or 429 with the rate limit exhausted (x-ratelimit-remaining 0 or retry-after). */
export class GithubRateLimitedError extends GithubApiError {
  constructor(
    message: string,
    status: number,
    /** Epoch seconds when the limit resets (x-ratelimit-reset), if GitHub said. */
    readonly resetAt: number | undefined,
  ) {
    super(message, status);
  }
}

/** Any other status, a network failure or a timeout, or an answer that is not the documented shape. */
export class GithubUnexpectedResponseError extends GithubApiError {}

/** After setting it, the hook's configuration does not show a secret (testSecret). */
export class GithubSecretNotSetError extends RotationError {}

/** The token secret holds no usable token. */
export class GithubTokenMissingError extends RotationError {}
