// The servers the rotation tests rely on behave like their AWS counterparts where it matters.
import { readFileSync } from 'node:fs';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Client, type ClientConfig } from 'pg';
import { awsClientConfig, loadServices } from '../support/services';

const services = loadServices();
const { postgres } = services;

function client(ssl: ClientConfig['ssl']): Client {
  const c = new Client({ ...postgres, ssl, connectionTimeoutMillis: 3000 });
  c.on('error', () => undefined);
  return c;
}

describe('test PostgreSQL server', () => {
  it('accepts a login over TLS verified against the throwaway CA', async () => {
    const c = client({ ca: readFileSync(postgres.caFile, 'utf8'), rejectUnauthorized: true });

    await c.connect();
    const { rows } = await c.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    await c.end();

    expect(rows[0]?.ssl).toBe(true);
  });

  it('rejects a login without TLS, like RDS with rds.force_ssl', async () => {
    const c = client(false);

    await expect(c.connect()).rejects.toMatchObject({ code: '28000' });
  });

  it('fails the TLS handshake when the client does not trust the CA', async () => {
    const c = client({ rejectUnauthorized: true });

    await expect(c.connect()).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });
});

describe('test AWS emulator', () => {
  it('answers Secrets Manager calls at the endpoint in services.json', async () => {
    const secrets = new SecretsManagerClient(awsClientConfig(services));

    const listed = await secrets.send(new ListSecretsCommand({}));

    expect(listed.SecretList).toBeDefined();
  });
});
