/** Statement kinds a trace may name; a statement of any other kind is labelled QUERY. */
const SQL_OPERATIONS: ReadonlySet<string> = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'WITH',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'SET',
  'SHOW',
  'GRANT',
  'REVOKE',
  'CREATE ROLE',
  'ALTER ROLE',
  'DROP ROLE',
]);

/**
 * A fixed label for a SQL statement, taken from its leading keywords: `SELECT`, `ALTER ROLE`, ... or `QUERY`.
 * The label is one of a closed set, so it can name a trace subsegment without ever carrying a literal, an
 * identifier or a password verifier from the statement's text.
 */
export function sqlOperation(text: string): string {
  const [first = '', second = ''] = text
    .trimStart()
    .split(/\s+/, 2)
    .map((word) => word.toUpperCase());
  const pair = `${first} ${second}`;
  if (SQL_OPERATIONS.has(pair)) return pair;
  return SQL_OPERATIONS.has(first) ? first : 'QUERY';
}
