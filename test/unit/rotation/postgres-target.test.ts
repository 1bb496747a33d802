import { readDatabaseTarget } from '../../../functions/rotate-postgres/config';

const env = {
  DB_HOST: 'app.abc123.eu-west-1.rds.amazonaws.com',
  DB_PORT: '5432',
  DB_NAME: 'app',
  DB_USERNAME: 'app_user',
  MASTER_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-1234-AbCdEf',
};

describe('readDatabaseTarget', () => {
  it('reads the pinned server, user pair and master secret', () => {
    expect(readDatabaseTarget(env)).toEqual({
      host: env.DB_HOST,
      port: 5432,
      dbname: 'app',
      username: 'app_user',
      masterSecretArn: env.MASTER_SECRET_ARN,
    });
  });

  it('is undefined when none is set: the secret alone decides', () => {
    expect(readDatabaseTarget({ DB_CA_BUNDLE_PATH: '/var/runtime/ca-cert.pem' })).toBeUndefined();
  });

  it('names the missing variables when only some are set', () => {
    expect(() => readDatabaseTarget({ ...env, DB_NAME: '', MASTER_SECRET_ARN: undefined })).toThrow(
      /missing: DB_NAME, MASTER_SECRET_ARN/,
    );
  });

  it('rejects a port that is not a TCP port', () => {
    expect(() => readDatabaseTarget({ ...env, DB_PORT: '5432x' })).toThrow(/DB_PORT="5432x"/);
  });
});
