import { RotationError } from '../shared/rotation/errors';

/** The database could not be reached or the TLS handshake failed: nothing was changed. */
export class DatabaseUnreachableError extends RotationError {}

/** The AWSCURRENT credential does not log in: refuse to rotate a credential that is not the live one. */
export class CurrentCredentialRejectedError extends RotationError {}

/** The master secret's credential was refused: its password is wrong or it lacks the rights. */
export class MasterLoginFailedError extends RotationError {}

/** The AWSPENDING credential does not log in (testSecret), or names another user or server (setSecret). */
export class PendingCredentialRejectedError extends RotationError {}

/**
 * A credential names another server, database, master secret or user pair than the function is configured
 * for (DB_HOST, DB_PORT, DB_NAME, MASTER_SECRET_ARN, DB_USERNAME): the master login is never attempted.
 */
export class CredentialTargetMismatchError extends RotationError {}
