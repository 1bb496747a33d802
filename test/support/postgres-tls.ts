// A throwaway certificate authority and a server certificate for the test PostgreSQL server, made with the
// `openssl` command line (Node.js cannot issue certificates). The functions verify the server against the CA
// exactly as they verify RDS against the Lambda runtime's CA bundle.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsFiles {
  /** PEM of the CA: what DB_CA_BUNDLE_PATH points at in the tests. */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

async function openssl(args: string[], dir: string): Promise<void> {
  try {
    await run('openssl', args, { cwd: dir });
  } catch (error) {
    const detail = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : String(error);
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'The test set-up needs the `openssl` command to make a throwaway TLS certificate for PostgreSQL; install OpenSSL (Debian/Ubuntu: apt-get install openssl).'
        : `openssl ${args[0]} failed: ${detail}`,
    );
  }
}

/**
 * Writes ca.pem, server.pem and server.key into `dir`. The server certificate names `localhost` and
 * `127.0.0.1`. `owner` (the uid/gid PostgreSQL runs as, when the tests run as root) gets the key: PostgreSQL
 * refuses a key that is readable by others or owned by someone else.
 */
export async function makeServerCertificates(dir: string, owner?: { uid: number; gid: number }): Promise<TlsFiles> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test-ca'],
    dir,
  );
  await openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(
    join(dir, 'server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' +
      'subjectAltName=DNS:localhost,IP:127.0.0.1\n',
  );
  await openssl(
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2'].concat([
      '-extfile',
      'server.ext',
      '-out',
      'server.pem',
    ]),
    dir,
  );
  const keyFile = join(dir, 'server.key');
  chmodSync(keyFile, 0o600);
  if (owner) chownSync(keyFile, owner.uid, owner.gid);
  chmodSync(join(dir, 'server.pem'), 0o644);
  chmodSync(join(dir, 'ca.pem'), 0o644);
  return { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile };
}
