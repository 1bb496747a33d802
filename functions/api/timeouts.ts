// The API's time budget in one place: the app stack sets the function's timeout from it and the handler its database
// timeouts, so a slow or unreachable database ends in a 503 from the handler, never in a Lambda timeout (which the
// caller would see as a bare 502 with no retry-after, and which leaves the connection half-open).

/** The API's timeouts (see the comment above). */
export interface ApiTimeouts {
  readonly functionSeconds: number;
  readonly connectMs: number;
  readonly statementMs: number;
  readonly headroomMs: number;
}

export const API_TIMEOUTS: ApiTimeouts = {
  /** Lambda timeout of the API function, in seconds. */
  functionSeconds: 15,
  /** Connecting to PostgreSQL (TCP and TLS), in milliseconds. */
  connectMs: 2000,
  /** Server-side statement_timeout and lock_timeout; the client stops waiting 1 s later (query_timeout). */
  statementMs: 3000,
  /** Time kept for everything else: fetching the credential and settings, cold-start work, the response. */
  headroomMs: 3000,
};

/**
 * The longest a request can spend on the database: two attempts (database.ts retries once with a re-fetched
 * credential after a refused login), each a connect and a query that the client abandons 1 s after the server's
 * statement timeout.
 */
export function worstCaseDatabaseMs(timeouts: ApiTimeouts = API_TIMEOUTS): number {
  return 2 * (timeouts.connectMs + timeouts.statementMs + 1000);
}
