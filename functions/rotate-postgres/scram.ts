import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { InvalidPendingValueError } from '../shared/rotation/errors';

/** PostgreSQL's default SCRAM iteration count (scram_iterations). */
export const SCRAM_ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 secret PostgreSQL stores for `password`, computed here as `psql`'s \password does, so
 * `ALTER ROLE ... PASSWORD` carries the verifier and the plain password never reaches the server (or its
 * statement log). Only printable ASCII is accepted: for it SASLprep is the identity, so the server derives
 * the same keys at login; the rotation's own passwords always are.
 */
export function scramSha256Verifier(
  password: string,
  salt: Buffer = randomBytes(16),
  iterations: number = SCRAM_ITERATIONS,
): string {
  if (!/^[\x20-\x7e]+$/.test(password)) {
    throw new InvalidPendingValueError('the pending password must be printable ASCII');
  }
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
