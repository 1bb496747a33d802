import { DatabaseError } from 'pg';
import {
  caBundlePath,
  clientConfig,
  InvalidCredentialError,
  isAuthenticationError,
  parseDbCredential,
  parseMasterCredential,
} from '../../../functions/shared/postgres';

const credential = {
  engine: 'postgres',
  host: 'db.example.internal',
  port: 5432,
  dbname: 'app',
  username: 'app_user',
  password: 'p4ss',
  masterarn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:master-AbCdEf',
};

function databaseError(code: string): DatabaseError {
  const error = new DatabaseError('refused', 0, 'error');
  error.code = code;
  return error;
}

describe('parseDbCredential', () => {
  it('reads the alternating-users JSON', () => {
    const parsed = parseDbCredential(JSON.stringify(credential), 'app secret');

    expect(parsed).toEqual(credential);
  });

  it('defaults the port to 5432 and the database to postgres, as AWS templates do', () => {
    const { port: _port, dbname: _dbname, ...rest } = credential;

    const parsed = parseDbCredential(JSON.stringify(rest), 'app secret');

    expect(parsed).toMatchObject({ port: 5432, dbname: 'postgres' });
  });

  it.each([
    ['not JSON', 'user=app', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['missing the host', JSON.stringify({ ...credential, host: undefined }), /"host"/],
    ['another engine', JSON.stringify({ ...credential, engine: 'mysql' }), /"engine"/],
    ['a bad port', JSON.stringify({ ...credential, port: 70000 }), /"port"/],
  ])('rejects a secret that is %s', (_case, text, message) => {
    expect(() => parseDbCredential(text, 'app secret')).toThrow(InvalidCredentialError);
    expect(() => parseDbCredential(text, 'app secret')).toThrow(message);
  });

  it('never quotes the password in its errors', () => {
    const text = JSON.stringify({ ...credential, username: 42, password: 'hunter2-secret' });

    expect(() => parseDbCredential(text, 'app secret')).toThrow(/^(?!.*hunter2).*$/s);
  });
});

describe('parseMasterCredential', () => {
  it('reads the username and password of an RDS-managed master secret', () => {
    expect(parseMasterCredential('{"username":"master","password":"x"}', 'master')).toEqual({
      username: 'master',
      password: 'x',
    });
  });
});

describe('clientConfig', () => {
  it('verifies the server certificate against the CA bundle and checks the host name', () => {
    const config = clientConfig(credential, { ca: 'PEM' });

    expect(config.ssl).toEqual({ ca: 'PEM', rejectUnauthorized: true, servername: 'db.example.internal' });
  });

  it('sends no SNI for an IP address (RFC 6066); Node then checks the IP against the certificate', () => {
    const config = clientConfig({ ...credential, host: '127.0.0.1' }, { ca: 'PEM' });

    expect(config.ssl).toEqual({ ca: 'PEM', rejectUnauthorized: true });
  });

  it('bounds the connection and every statement in time', () => {
    const config = clientConfig(credential, { ca: 'PEM', connectTimeoutMs: 1000, statementTimeoutMs: 2000 });

    expect(config).toMatchObject({ connectionTimeoutMillis: 1000, statement_timeout: 2000, lock_timeout: 2000 });
  });
});

describe('caBundlePath', () => {
  it('defaults to the Lambda runtime bundle that includes the RDS CAs', () => {
    expect(caBundlePath({})).toBe('/var/runtime/ca-cert.pem');
    expect(caBundlePath({ DB_CA_BUNDLE_PATH: '/tmp/ca.pem' })).toBe('/tmp/ca.pem');
  });
});

describe('isAuthenticationError', () => {
  it.each(['28P01', '28000'])('is true for SQLSTATE %s', (code) => {
    expect(isAuthenticationError(databaseError(code))).toBe(true);
  });

  it('is false for other server errors and for socket errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const pipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });

    expect(isAuthenticationError(databaseError('57P01'))).toBe(false);
    expect(isAuthenticationError(refused)).toBe(false);
    expect(isAuthenticationError(pipe)).toBe(false);
  });
});
