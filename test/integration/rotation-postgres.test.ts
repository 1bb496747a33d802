// The built rotate-postgres bundle, driven step by step against moto (Secrets Manager) and a real PostgreSQL
// server over verified TLS, as Secrets Manager drives it: full rotations, and a fault at every step after
// which AWSCURRENT must still log in and nothing may be lost.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../functions/shared/http';
import { connect, type DbCredential, type LoginDetails, sqlState } from '../../functions/shared/postgres';
import { buildBundles, type LambdaModule, loadBundle } from '../support/bundles';
import { PreviousRotationIncompleteError, RotationService, type Step } from '../support/secrets-manager-rotation';
import { awsClientConfig, bundleEnv, loadServices, superuserLogin } from '../support/services';
import { TcpProxy } from '../support/tcp-proxy';

const services = loadServices();
const { postgres } = services;
const ca = readFileSync(postgres.caFile, 'utf8');
const secrets = new SecretsManagerClient(awsClientConfig(services));
const rotation = new RotationService(secrets);
let bundle: LambdaModule;
let admin: Client;
let proxy: TcpProxy;

const invoke = (event: unknown) => bundle.handler(event);
const password = () => randomBytes(18).toString('base64url');

beforeAll(async () => {
  buildBundles(['rotate-postgres', 'api']);
  bundle = loadBundle('rotate-postgres', bundleEnv(services));
  admin = await connect(superuserLogin(services), { ca });
  proxy = await TcpProxy.start({ host: postgres.host, port: postgres.port });
});

afterAll(async () => {
  await admin?.end();
  await proxy?.down();
  secrets.destroy();
});

/** An application user made the way it is on RDS: by the (non-superuser) master user, with table grants. */
interface Fixture {
  readonly appSecret: string;
  readonly masterSecret: string;
  readonly user: string;
  readonly table: string;
  readonly master: { username: string; password: string };
}

async function fixture(options: { user?: string; viaProxy?: boolean } = {}): Promise<Fixture> {
  const id = randomBytes(4).toString('hex');
  const user = options.user ?? `app_${id}`;
  const master = { username: `master_${id}`, password: password() };
  const schema = escapeIdentifier(`s_${id}`);
  const table = `${schema}.items`;
  await admin.query(
    `CREATE ROLE ${escapeIdentifier(master.username)} LOGIN CREATEROLE PASSWORD ${escapeLiteral(master.password)}`,
  );
  await admin.query(`CREATE SCHEMA ${schema} AUTHORIZATION ${escapeIdentifier(master.username)}`);
  const appPassword = password();
  const asMaster = await connect({ ...server(), ...master }, { ca });
  try {
    const u = escapeIdentifier(user);
    await asMaster.query(`CREATE ROLE ${u} LOGIN PASSWORD ${escapeLiteral(appPassword)}`);
    await asMaster.query(`CREATE TABLE ${table} (note text)`);
    await asMaster.query(`INSERT INTO ${table} VALUES ('kept')`);
    await asMaster.query(`GRANT USAGE ON SCHEMA ${schema} TO ${u}`);
    await asMaster.query(`GRANT SELECT, INSERT ON ${table} TO ${u}`);
  } finally {
    await asMaster.end();
  }
  const masterSecret = await createSecret(`master-${id}`, master);
  const credential: DbCredential = {
    engine: 'postgres',
    ...server(),
    ...(options.viaProxy ? { port: proxy.port } : {}),
    username: user,
    password: appPassword,
    masterarn: masterSecret,
  };
  return { appSecret: await createSecret(`app-db-${id}`, credential), masterSecret, user, table, master };
}

function server() {
  return { host: postgres.host, port: postgres.port, dbname: postgres.database };
}

async function createSecret(name: string, value: object): Promise<string> {
  const out = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
  return out.ARN ?? '';
}

async function credentialAt(secretId: string, stage: string): Promise<DbCredential> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
  return JSON.parse(out.SecretString ?? '{}') as DbCredential;
}

/** 'ok' when the credential logs in over TLS and can read and write the fixture's table; else the SQLSTATE/code. */
async function use(login: LoginDetails, table: string): Promise<string> {
  let db: Client | undefined;
  try {
    db = await connect({ ...login, port: postgres.port }, { ca, connectTimeoutMs: 2000 });
    await db.query(`INSERT INTO ${table} VALUES ('written by ' || current_user)`);
    const { rows } = await db.query(`SELECT count(*) FROM ${table} WHERE note = 'kept'`);
    return rows[0]?.count === '1' ? 'ok' : 'row lost';
  } catch (error) {
    return sqlState(error) ?? String((error as { code?: string }).code ?? error);
  } finally {
    await db?.end().catch(() => undefined);
  }
}

async function roleExists(name: string): Promise<boolean> {
  return ((await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount ?? 0) > 0;
}

/** The invariant after every fault: AWSCURRENT logs in and still reaches the data. */
async function expectCurrentWorks(fx: Fixture): Promise<DbCredential> {
  const current = await credentialAt(fx.appSecret, 'AWSCURRENT');
  expect(await use(current, fx.table)).toBe('ok');
  return current;
}

describe('rotate-postgres: full rotations (alternating users)', () => {
  it('moves AWSCURRENT to <user>_clone with a new password; the clone can use what the user could', async () => {
    const fx = await fixture();
    const before = await credentialAt(fx.appSecret, 'AWSCURRENT');

    const token = await rotation.rotate(invoke, fx.appSecret);

    const current = await credentialAt(fx.appSecret, 'AWSCURRENT');
    expect(current).toMatchObject({ ...before, username: `${fx.user}_clone`, password: expect.any(String) });
    expect(current.password).not.toBe(before.password);
    expect(await rotation.versionWith(fx.appSecret, 'AWSCURRENT')).toBe(token);
    expect(await use(current, fx.table)).toBe('ok');
  });

  it('leaves the old credential working until the next rotation', async () => {
    const fx = await fixture();
    const original = await credentialAt(fx.appSecret, 'AWSCURRENT');

    await rotation.rotate(invoke, fx.appSecret);

    expect(await credentialAt(fx.appSecret, 'AWSPREVIOUS')).toEqual(original);
    expect(await use(original, fx.table)).toBe('ok');
  });

  it('alternates the users on two rotations in a row: the second gives <user> a new password', async () => {
    const fx = await fixture();
    const original = await credentialAt(fx.appSecret, 'AWSCURRENT');

    await rotation.rotate(invoke, fx.appSecret);
    const first = await credentialAt(fx.appSecret, 'AWSCURRENT');
    await rotation.rotate(invoke, fx.appSecret);
    const second = await credentialAt(fx.appSecret, 'AWSCURRENT');

    expect([first.username, second.username]).toEqual([`${fx.user}_clone`, fx.user]);
    expect(await use(second, fx.table)).toBe('ok');
    expect(await credentialAt(fx.appSecret, 'AWSPREVIOUS')).toEqual(first);
    expect(await use(first, fx.table)).toBe('ok');
    expect(await use(original, fx.table)).toBe('28P01');
  });

  it('rotates a user whose name needs quoting, without SQL injection', async () => {
    const fx = await fixture({ user: `o'brien "x"; DROP ROLE postgres; --` });

    await rotation.rotate(invoke, fx.appSecret);

    const current = await expectCurrentWorks(fx);
    expect(current.username).toBe(`${fx.user}_clone`);
    expect(await roleExists(`${fx.user}_clone`)).toBe(true);
    expect(await roleExists('postgres')).toBe(true);
  });

  it('stores a SCRAM verifier, so the new password itself never reaches the server', async () => {
    const fx = await fixture();

    await rotation.rotate(invoke, fx.appSecret);

    const { rows } = await admin.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [`${fx.user}_clone`]);
    expect(rows[0]?.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
  });
});

describe('rotate-postgres: interrupted and repeated steps', () => {
  const steps: Step[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

  it.each(steps)(
    'a crash after %s, then a retry of every step, completes with the same pending value',
    async (last) => {
      const fx = await fixture();
      const original = await credentialAt(fx.appSecret, 'AWSCURRENT');
      const token = await rotation.start(fx.appSecret);
      await rotation.steps(invoke, fx.appSecret, token, steps.slice(0, steps.indexOf(last) + 1));
      const pending = await secrets.send(new GetSecretValueCommand({ SecretId: fx.appSecret, VersionId: token }));

      if (last !== 'finishSecret') expect(await credentialAt(fx.appSecret, 'AWSCURRENT')).toEqual(original);
      await expectCurrentWorks(fx);
      await rotation.steps(invoke, fx.appSecret, token);

      const current = await expectCurrentWorks(fx);
      expect(JSON.stringify(current)).toBe(pending.SecretString);
      expect(await use(original, fx.table)).toBe('ok');
    },
  );

  it('runs each step twice in a row without harm', async () => {
    const fx = await fixture();
    const token = await rotation.start(fx.appSecret);

    for (const step of steps) {
      await rotation.step(invoke, fx.appSecret, token, step);
      await rotation.step(invoke, fx.appSecret, token, step);
    }

    expect((await expectCurrentWorks(fx)).username).toBe(`${fx.user}_clone`);
  });
});

describe('rotate-postgres: faults leave AWSCURRENT working', () => {
  it('fails setSecret while the database is down, then completes once it is back', async () => {
    const fx = await fixture({ viaProxy: true });
    const token = await rotation.start(fx.appSecret);
    await rotation.step(invoke, fx.appSecret, token, 'createSecret');
    await proxy.down();

    const failed = rotation.step(invoke, fx.appSecret, token, 'setSecret');

    await expect(failed).rejects.toMatchObject({ name: 'DatabaseUnreachableError' });
    await proxy.up();
    expect(await roleExists(`${fx.user}_clone`)).toBe(false);
    await expectCurrentWorks(fx);
    await rotation.steps(invoke, fx.appSecret, token, ['setSecret', 'testSecret', 'finishSecret']);
    expect((await expectCurrentWorks(fx)).username).toBe(`${fx.user}_clone`);
  });

  it('fails setSecret with a wrong master password and changes nothing; a fixed master secret lets it finish', async () => {
    const fx = await fixture();
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: fx.masterSecret,
        SecretString: JSON.stringify({ ...fx.master, password: 'wrong' }),
      }),
    );
    const token = await rotation.start(fx.appSecret);
    await rotation.step(invoke, fx.appSecret, token, 'createSecret');

    await expect(rotation.step(invoke, fx.appSecret, token, 'setSecret')).rejects.toMatchObject({
      name: 'MasterLoginFailedError',
    });
    await expect(rotation.step(invoke, fx.appSecret, token, 'testSecret')).rejects.toMatchObject({
      name: 'PendingCredentialRejectedError',
    });

    expect(await roleExists(`${fx.user}_clone`)).toBe(false);
    await expectCurrentWorks(fx);
    await secrets.send(
      new PutSecretValueCommand({ SecretId: fx.masterSecret, SecretString: JSON.stringify(fx.master) }),
    );
    await rotation.steps(invoke, fx.appSecret, token, ['setSecret', 'testSecret', 'finishSecret']);
    expect((await expectCurrentWorks(fx)).username).toBe(`${fx.user}_clone`);
  });

  it('does not start a second rotation while one is pending; the first completes on retry', async () => {
    const fx = await fixture();
    const token = await rotation.start(fx.appSecret);
    await rotation.steps(invoke, fx.appSecret, token, ['createSecret', 'setSecret']);

    await expect(rotation.start(fx.appSecret)).rejects.toBeInstanceOf(PreviousRotationIncompleteError);

    await expectCurrentWorks(fx);
    await rotation.steps(invoke, fx.appSecret, token);
    expect(await rotation.versionWith(fx.appSecret, 'AWSCURRENT')).toBe(token);
  });

  it('stops a rotation whose AWSPENDING label moved to a newer one, which then completes', async () => {
    const fx = await fixture();
    const stale = await rotation.start(fx.appSecret);
    await rotation.steps(invoke, fx.appSecret, stale, ['createSecret', 'setSecret']);
    const newer = randomUUID();
    await rotation.rotateSecretInMoto(fx.appSecret, newer); // moto moves AWSPENDING to the new version

    // The stale version lost its only label, so it no longer appears in VersionIdsToStages.
    await expect(rotation.step(invoke, fx.appSecret, stale, 'testSecret')).rejects.toMatchObject({
      name: 'VersionNotStagedError',
    });
    await expect(rotation.step(invoke, fx.appSecret, stale, 'finishSecret')).rejects.toMatchObject({
      name: 'VersionNotStagedError',
    });

    await expectCurrentWorks(fx);
    await rotation.steps(invoke, fx.appSecret, newer);
    expect(await rotation.versionWith(fx.appSecret, 'AWSCURRENT')).toBe(newer);
    await expectCurrentWorks(fx);
  });

  it.each(['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as Step[])(
    'refuses %s for a token that is not a staged version',
    async (step) => {
      const fx = await fixture();
      await rotation.start(fx.appSecret);

      await expect(rotation.step(invoke, fx.appSecret, randomUUID(), step)).rejects.toMatchObject({
        name: 'VersionNotStagedError',
      });

      expect((await expectCurrentWorks(fx)).username).toBe(fx.user);
    },
  );

  it('refuses a late step of an old rotation whose version is now AWSPREVIOUS', async () => {
    const fx = await fixture();
    const old = await rotation.rotate(invoke, fx.appSecret);
    await rotation.rotate(invoke, fx.appSecret);

    await expect(rotation.step(invoke, fx.appSecret, old, 'setSecret')).rejects.toMatchObject({
      name: 'VersionNotPendingError',
    });

    expect((await expectCurrentWorks(fx)).username).toBe(fx.user);
  });

  it('refuses every step once rotation is disabled', async () => {
    const fx = await fixture();
    const token = await rotation.start(fx.appSecret);
    await rotation.step(invoke, fx.appSecret, token, 'createSecret');
    await secrets.send(new CancelRotateSecretCommand({ SecretId: fx.appSecret }));

    for (const step of ['setSecret', 'testSecret', 'finishSecret'] as Step[]) {
      await expect(rotation.step(invoke, fx.appSecret, token, step)).rejects.toMatchObject({
        name: 'RotationNotEnabledError',
      });
    }

    expect(await roleExists(`${fx.user}_clone`)).toBe(false);
    expect((await expectCurrentWorks(fx)).username).toBe(fx.user);
  });

  it('refuses to set a password when AWSCURRENT no longer logs in (it may not be the live credential)', async () => {
    const fx = await fixture();
    await admin.query(`ALTER ROLE ${escapeIdentifier(fx.user)} PASSWORD ${escapeLiteral(password())}`);
    const token = await rotation.start(fx.appSecret);
    await rotation.step(invoke, fx.appSecret, token, 'createSecret');

    await expect(rotation.step(invoke, fx.appSecret, token, 'setSecret')).rejects.toMatchObject({
      name: 'CurrentCredentialRejectedError',
    });

    expect(await roleExists(`${fx.user}_clone`)).toBe(false);
    expect(await rotation.versionWith(fx.appSecret, 'AWSCURRENT')).not.toBe(token);
  });
});

describe('rotate-postgres: logs', () => {
  it('name the step and the secret ARN and never carry a password', async () => {
    const fx = await fixture();
    const verbose = loadBundle('rotate-postgres', bundleEnv(services, { POWERTOOLS_LOG_LEVEL: 'INFO' }));
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    const original = await credentialAt(fx.appSecret, 'AWSCURRENT');
    try {
      await rotation.rotate((event) => verbose.handler(event), fx.appSecret);
      await expect(
        rotation.step((event) => verbose.handler(event), fx.appSecret, randomUUID(), 'setSecret'),
      ).rejects.toThrow();
    } finally {
      out.mockRestore();
      err.mockRestore();
    }

    const current = await credentialAt(fx.appSecret, 'AWSCURRENT');
    const records = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(records.length).toBeGreaterThanOrEqual(9);
    for (const record of records) {
      expect(record).toMatchObject({ step: expect.any(String), secretArn: fx.appSecret });
    }
    const text = lines.join('');
    for (const secret of [original.password, current.password, fx.master.password]) expect(text).not.toContain(secret);
  });
});

describe('rotate-postgres with the API function', () => {
  type Api = LambdaModule<FunctionUrlEvent, FunctionUrlResult>;
  const coldStart = (fx: Fixture): Api =>
    loadBundle<Api>(
      'api',
      bundleEnv(services, {
        CONFIG_PARAMETER_NAME: '/unused',
        DB_SECRET_ARN: fx.appSecret,
        SECRET_CACHE_TTL_SECONDS: '300',
      }),
    );
  const dbUser = async (api: Api) => {
    const event = {
      version: '2.0',
      rawPath: '/db/ping',
      headers: {},
      isBase64Encoded: false,
      requestContext: { timeEpoch: Date.now(), http: { method: 'GET', path: '/db/ping' } },
    } as unknown as FunctionUrlEvent;
    const response = await api.handler(event);
    return response.statusCode === 200
      ? (JSON.parse(response.body) as { currentUser: string }).currentUser
      : response.statusCode;
  };

  it('keeps answering through two rotations, with a cached old credential and after a fresh start', async () => {
    const fx = await fixture();
    const warm = coldStart(fx);
    expect(await dbUser(warm)).toBe(fx.user);

    await rotation.rotate(invoke, fx.appSecret);
    const fresh = coldStart(fx);

    expect(await dbUser(warm)).toBe(fx.user); // its cached credential is now AWSPREVIOUS and still logs in
    expect(await dbUser(fresh)).toBe(`${fx.user}_clone`);
    await rotation.rotate(invoke, fx.appSecret);
    expect(await dbUser(fresh)).toBe(`${fx.user}_clone`);
    expect(await dbUser(warm)).toBe(fx.user); // refused old password: the API refetches AWSCURRENT once
  });
});

describe('rotate-postgres pinned to its database by the environment (as the stack deploys it)', () => {
  const pinned = (fx: Pick<Fixture, 'masterSecret'>, user: string) =>
    loadBundle('rotate-postgres', {
      ...bundleEnv(services),
      DB_HOST: postgres.host,
      DB_PORT: String(postgres.port),
      DB_NAME: postgres.database,
      DB_USERNAME: user,
      MASTER_SECRET_ARN: fx.masterSecret,
    });

  it('rotates a credential on the configured target as usual', async () => {
    const fx = await fixture();
    const bundle = pinned(fx, fx.user);

    await rotation.rotate((event) => bundle.handler(event), fx.appSecret);

    expect((await expectCurrentWorks(fx)).username).toBe(`${fx.user}_clone`);
  });

  it('gives a secret without a value its first credential, creating the user', async () => {
    const fx = await fixture();
    const user = `first_${randomBytes(4).toString('hex')}`;
    const bundle = pinned(fx, user);
    const { arn, token } = await rotation.startWithoutValue(`app-db-first-${user}`);

    await rotation.steps((event) => bundle.handler(event), arn, token, ['createSecret', 'setSecret', 'testSecret']);

    const pending = JSON.parse(
      (await secrets.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token }))).SecretString ?? '{}',
    ) as DbCredential;
    expect(pending).toMatchObject({ ...server(), username: user, masterarn: fx.masterSecret });
    const db = await connect(pending, { ca });
    await db.end();
  });

  it('refuses a secret that points elsewhere, without logging in as master there', async () => {
    const fx = await fixture({ viaProxy: true }); // the secret names the proxy's port, not DB_PORT
    const bundle = pinned(fx, fx.user);
    const token = await rotation.start(fx.appSecret);
    await rotation.step((event) => bundle.handler(event), fx.appSecret, token, 'createSecret');

    await expect(
      rotation.step((event) => bundle.handler(event), fx.appSecret, token, 'setSecret'),
    ).rejects.toMatchObject({
      name: 'CredentialTargetMismatchError',
    });

    expect(await roleExists(`${fx.user}_clone`)).toBe(false);
    expect((await expectCurrentWorks(fx)).username).toBe(fx.user);
  });
});
