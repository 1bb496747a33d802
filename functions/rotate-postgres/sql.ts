import { escapeIdentifier, escapeLiteral } from 'pg';

/** Finds whether a role exists; the name is a bind parameter. */
export const ROLE_EXISTS_SQL = 'SELECT 1 FROM pg_roles WHERE rolname = $1';

export interface PasswordChange {
  /** Whether the pending user exists already (true from the second rotation on). */
  readonly roleExists: boolean;
  readonly pendingUser: string;
  /** The user the clone inherits from; none when the secret gets its first credential. */
  readonly currentUser: string | undefined;
  /** SCRAM verifier of the new password (see scram.ts). */
  readonly passwordVerifier: string;
}

/**
 * The statements that give the pending user its new password. The first time, the clone is created and
 * made a member of the current user, so it inherits everything the current user has and will be granted
 * (privileges, role memberships, ownership rights), as AWS's alternating-users template does. Later, only the
 * password changes. A first credential (no current user) gets a plain login role; its grants are the
 * application's business (migrations). Role names and passwords cannot be bind parameters in CREATE/ALTER ROLE, so they are
 * escaped with pg's escapeIdentifier/escapeLiteral; no other text is spliced in.
 */
export function passwordStatements(change: PasswordChange): string[] {
  const pending = escapeIdentifier(change.pendingUser);
  const password = escapeLiteral(change.passwordVerifier);
  if (change.roleExists) {
    return [`ALTER ROLE ${pending} WITH PASSWORD ${password}`];
  }
  const create = `CREATE ROLE ${pending} WITH LOGIN PASSWORD ${password}`;
  if (change.currentUser === undefined) return [create];
  return [create, `GRANT ${escapeIdentifier(change.currentUser)} TO ${pending}`];
}
