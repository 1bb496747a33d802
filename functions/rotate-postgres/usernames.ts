import { InvalidPendingValueError } from '../shared/rotation/errors';

export const CLONE_SUFFIX = '_clone';
/** PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * The other user of the alternating pair: `<user>` and `<user>_clone`. Each rotation sets the password of
 * the user that is NOT current, so the current one keeps working until the rotation after next.
 */
export function alternateUsername(username: string): string {
  if (username.endsWith(CLONE_SUFFIX) && username.length > CLONE_SUFFIX.length) {
    return username.slice(0, -CLONE_SUFFIX.length);
  }
  const clone = `${username}${CLONE_SUFFIX}`;
  if (Buffer.byteLength(clone) > MAX_IDENTIFIER_BYTES) {
    throw new InvalidPendingValueError(
      `cannot clone the user: its name plus "${CLONE_SUFFIX}" would exceed ${MAX_IDENTIFIER_BYTES} bytes`,
    );
  }
  return clone;
}
