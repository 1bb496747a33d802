import {
  type ConnectOptions,
  type DbCredential,
  isAuthenticationError,
  type LoginDetails,
  parseDbCredential,
  parseMasterCredential,
  withConnection,
} from '../shared/postgres';
import type { RotationSteps, StepContext } from '../shared/rotation/create-rotation-handler';
import { InvalidPendingValueError } from '../shared/rotation/errors';
import {
  CurrentCredentialRejectedError,
  DatabaseUnreachableError,
  MasterLoginFailedError,
  PendingCredentialRejectedError,
} from './errors';
import { scramSha256Verifier } from './scram';
import { passwordStatements, ROLE_EXISTS_SQL } from './sql';
import { alternateUsername } from './usernames';

/**
 * Characters GetRandomPassword must leave out: they break connection URIs (`/ @ : ? # % & + =`), libpq
 * keyword strings and shells (`" ' \ ` and the backtick, `$`, `;`), and spaces are never included.
 */
export const PASSWORD_EXCLUDED_CHARACTERS = '/@"\'\\:?#%&+=;$`';
export const PASSWORD_LENGTH = 32;

type Login = (login: LoginDetails) => Promise<boolean>;

/** Logs in and out; false when the server refused the credential, DatabaseUnreachableError for anything else. */
function loginCheck(options: ConnectOptions): Login {
  return async (login) => {
    try {
      await withConnection(login, options, async () => undefined);
      return true;
    } catch (error) {
      if (isAuthenticationError(error)) return false;
      throw new DatabaseUnreachableError('cannot reach the database server (connection or TLS failure)', {
        cause: error,
      });
    }
  };
}

async function currentCredential(ctx: StepContext): Promise<DbCredential> {
  const current = await ctx.versions.requireCurrent(ctx.secretArn);
  return parseDbCredential(current.value, 'AWSCURRENT credential');
}

async function pendingCredential(ctx: StepContext): Promise<DbCredential> {
  const pending = await ctx.versions.requirePending(ctx.secretArn, ctx.token);
  return parseDbCredential(pending.value, 'AWSPENDING credential');
}

/**
 * The alternating-users steps of AWS's PostgreSQL multi-user rotation template, over verified TLS.
 * `randomSalt` is injectable only so unit tests can fix the SCRAM salt.
 */
export function postgresSteps(options: ConnectOptions, randomSalt?: () => Buffer): RotationSteps {
  const canLogIn = loginCheck(options);
  return {
    /** Stores the other user of the pair with a new password as AWSPENDING (kept if already stored). */
    async createSecret(ctx) {
      const current = await currentCredential(ctx);
      if ((await ctx.versions.pending(ctx.secretArn, ctx.token)) !== undefined) {
        ctx.outcome('pending_kept');
        return;
      }
      const password = await ctx.versions.randomPassword({
        PasswordLength: PASSWORD_LENGTH,
        ExcludeCharacters: PASSWORD_EXCLUDED_CHARACTERS,
        IncludeSpace: false,
        RequireEachIncludedType: true,
      });
      const pending: DbCredential = { ...current, username: alternateUsername(current.username), password };
      await ctx.versions.putPending(ctx.secretArn, ctx.token, JSON.stringify(pending));
      ctx.outcome('pending_created');
    },

    /**
     * Gives the pending user its password in the database, logged in as the master user. Does nothing if
     * the pending credential already logs in (a retry). Refuses a pending user that is not the current
     * user's alternate, another server, or a current credential that no longer logs in.
     */
    async setSecret(ctx) {
      const current = await currentCredential(ctx);
      const pending = await pendingCredential(ctx);
      if (await canLogIn(pending)) {
        ctx.outcome('already_set');
        return;
      }
      if (pending.username !== alternateUsername(current.username)) {
        throw new PendingCredentialRejectedError('the AWSPENDING user is not the alternate of the AWSCURRENT user');
      }
      if (pending.host !== current.host || pending.port !== current.port || pending.dbname !== current.dbname) {
        throw new PendingCredentialRejectedError('the AWSPENDING credential names another server or database');
      }
      // Only rotate a credential that is live: this keeps the function from acting as a confused deputy
      // on a secret that points somewhere else.
      if (!(await canLogIn(current))) {
        throw new CurrentCredentialRejectedError('the AWSCURRENT credential does not log in; not rotating');
      }
      if (current.masterarn === undefined) {
        throw new InvalidPendingValueError('AWSCURRENT credential: "masterarn" is required to set passwords');
      }
      const masterSecret = await ctx.versions.requireCurrent(current.masterarn);
      const master = parseMasterCredential(masterSecret.value, 'master secret');
      const masterLogin: LoginDetails = { ...current, username: master.username, password: master.password };
      try {
        await withConnection(masterLogin, options, async (db) => {
          await db.query('BEGIN');
          const exists = await db.query(ROLE_EXISTS_SQL, [pending.username]);
          const statements = passwordStatements({
            roleExists: (exists.rowCount ?? 0) > 0,
            pendingUser: pending.username,
            currentUser: current.username,
            passwordVerifier: scramSha256Verifier(pending.password, randomSalt?.()),
          });
          for (const sql of statements) await db.query(sql);
          await db.query('COMMIT');
          ctx.outcome(statements.length > 1 ? 'user_created' : 'password_set');
        });
      } catch (error) {
        if (isAuthenticationError(error)) {
          throw new MasterLoginFailedError('the master credential was refused by the database', { cause: error });
        }
        throw error;
      }
    },

    /** Logs in with the pending credential over TLS and runs a query as that user. */
    async testSecret(ctx) {
      const pending = await pendingCredential(ctx);
      let user: unknown;
      try {
        user = await withConnection(pending, options, async (db) => {
          const result = await db.query<{ user: string }>('SELECT current_user AS "user", now()');
          return result.rows[0]?.user;
        });
      } catch (error) {
        if (isAuthenticationError(error)) {
          throw new PendingCredentialRejectedError('the AWSPENDING credential does not log in', { cause: error });
        }
        throw new DatabaseUnreachableError('cannot reach the database server (connection or TLS failure)', {
          cause: error,
        });
      }
      if (user !== pending.username) {
        throw new PendingCredentialRejectedError('the AWSPENDING credential logged in as another user');
      }
      ctx.outcome('pending_logs_in');
    },
  };
}
