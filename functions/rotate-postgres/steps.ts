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
import { InvalidPendingValueError, MissingSecretValueError } from '../shared/rotation/errors';
import type { DatabaseTarget } from './config';
import {
  CredentialTargetMismatchError,
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

export interface PostgresStepsOptions {
  /** CA bundle and timeouts of every login. */
  readonly connect: ConnectOptions;
  /** Where the credential must point (from the environment); without it the secret alone decides. */
  readonly target?: DatabaseTarget;
  /** Injectable only so unit tests can fix the SCRAM salt. */
  readonly randomSalt?: () => Buffer;
}

/** Logs in and out; false when the server refused the credential, DatabaseUnreachableError for anything else. */
async function canLogIn(login: LoginDetails, options: ConnectOptions): Promise<boolean> {
  try {
    await withConnection(login, options, async () => undefined);
    return true;
  } catch (error) {
    if (isAuthenticationError(error)) return false;
    throw new DatabaseUnreachableError('cannot reach the database server (connection or TLS failure)', {
      cause: error,
    });
  }
}

async function currentCredential(ctx: StepContext): Promise<DbCredential | undefined> {
  const current = await ctx.versions.current(ctx.secretArn);
  return current === undefined ? undefined : parseDbCredential(current.value, 'AWSCURRENT credential');
}

async function pendingCredential(ctx: StepContext): Promise<DbCredential> {
  const pending = await ctx.versions.requirePending(ctx.secretArn, ctx.token);
  return parseDbCredential(pending.value, 'AWSPENDING credential');
}

function sameServer(
  a: Pick<DbCredential, 'host' | 'port' | 'dbname'>,
  b: Pick<DbCredential, 'host' | 'port' | 'dbname'>,
) {
  return a.host === b.host && a.port === b.port && a.dbname === b.dbname;
}

/** A credential the function may act on: it names the configured server, master secret and user pair. */
function assertOnTarget(credential: DbCredential, target: DatabaseTarget | undefined, what: string): void {
  if (target === undefined) return;
  const pair = [target.username, alternateUsername(target.username)];
  if (
    !sameServer(credential, target) ||
    credential.masterarn !== target.masterSecretArn ||
    !pair.includes(credential.username)
  ) {
    throw new CredentialTargetMismatchError(
      `the ${what} credential does not name DB_HOST/DB_PORT/DB_NAME, MASTER_SECRET_ARN and the DB_USERNAME pair`,
    );
  }
}

/**
 * The alternating-users steps of AWS's PostgreSQL multi-user rotation template, over verified TLS. With a
 * DatabaseTarget, a secret without a value gets its first credential (the base user, created if missing).
 */
export function postgresSteps(options: PostgresStepsOptions): RotationSteps {
  const { connect, target } = options;
  return {
    /** Stores the other user of the pair with a new password as AWSPENDING (kept if already stored). */
    async createSecret(ctx) {
      const current = await currentCredential(ctx);
      if (current === undefined && target === undefined) {
        throw new MissingSecretValueError(
          `secret ${ctx.secretArn} has no AWSCURRENT value; store a first credential or set DB_HOST, DB_PORT, DB_NAME, DB_USERNAME and MASTER_SECRET_ARN`,
        );
      }
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
      const pending: DbCredential =
        current === undefined && target !== undefined
          ? {
              engine: 'postgres',
              host: target.host,
              port: target.port,
              dbname: target.dbname,
              username: target.username,
              password,
              masterarn: target.masterSecretArn,
            }
          : { ...(current as DbCredential), username: alternateUsername((current as DbCredential).username), password };
      await ctx.versions.putPending(ctx.secretArn, ctx.token, JSON.stringify(pending));
      ctx.outcome(current === undefined ? 'first_credential_created' : 'pending_created');
    },

    /**
     * Gives the pending user its password in the database, logged in as the master user. Does nothing if
     * the pending credential already logs in (a retry). Refuses a pending user that is not the current
     * user's alternate, another server, a credential off the configured target, or a current credential that
     * no longer logs in.
     */
    async setSecret(ctx) {
      const current = await currentCredential(ctx);
      const pending = await pendingCredential(ctx);
      if (await canLogIn(pending, connect)) {
        ctx.outcome('already_set');
        return;
      }
      assertOnTarget(pending, target, 'AWSPENDING');
      if (current === undefined) {
        // First credential: only possible with a target, and only for its base user.
        if (target === undefined || pending.username !== target.username) {
          throw new PendingCredentialRejectedError(
            'a first credential must be for DB_USERNAME on the configured target',
          );
        }
      } else {
        assertOnTarget(current, target, 'AWSCURRENT');
        if (pending.username !== alternateUsername(current.username)) {
          throw new PendingCredentialRejectedError('the AWSPENDING user is not the alternate of the AWSCURRENT user');
        }
        if (!sameServer(pending, current)) {
          throw new PendingCredentialRejectedError('the AWSPENDING credential names another server or database');
        }
        // Only rotate a credential that is live: this keeps the function from acting as a confused deputy
        // on a secret that points somewhere else.
        if (!(await canLogIn(current, connect))) {
          throw new CurrentCredentialRejectedError('the AWSCURRENT credential does not log in; not rotating');
        }
      }
      const masterArn = target?.masterSecretArn ?? current?.masterarn;
      if (masterArn === undefined) {
        throw new InvalidPendingValueError('AWSCURRENT credential: "masterarn" is required to set passwords');
      }
      const master = parseMasterCredential((await ctx.versions.requireCurrent(masterArn)).value, 'master secret');
      const masterLogin: LoginDetails = { ...pending, username: master.username, password: master.password };
      try {
        await withConnection(masterLogin, connect, async (db) => {
          await db.query('BEGIN');
          const exists = await db.query(ROLE_EXISTS_SQL, [pending.username]);
          const statements = passwordStatements({
            roleExists: (exists.rowCount ?? 0) > 0,
            pendingUser: pending.username,
            currentUser: current?.username,
            passwordVerifier: scramSha256Verifier(pending.password, options.randomSalt?.()),
          });
          for (const sql of statements) await db.query(sql);
          await db.query('COMMIT');
          ctx.outcome(statements[0]?.startsWith('CREATE') ? 'user_created' : 'password_set');
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
        user = await withConnection(pending, connect, async (db) => {
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
