import { createHmac } from 'node:crypto';

/**
 * HMAC-SHA256 of the caller's ARN under the API's signing key, base64url: a downstream service that holds the same
 * key can check that this API vouched for the caller. The key is the value `npm run encrypt` encrypted for the API
 * function; it never leaves the function, and the answer does not reveal it.
 */
export function signCaller(signingKey: string, userArn: string): string {
  return createHmac('sha256', signingKey).update(userArn, 'utf8').digest('base64url');
}
