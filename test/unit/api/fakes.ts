import { DatabaseError } from 'pg';
import type { RunWithLogin } from '../../../functions/api/database';
import type { FunctionUrlEvent, IamCaller } from '../../../functions/shared/http';
import type { GetSecretValueOutput, SecretsManagerReader } from '../../../functions/shared/secret-cache';

export const DB_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/dev/db-app-AbCdEf';

export function credentialJson(username: string, password: string): string {
  return JSON.stringify({ engine: 'postgres', host: 'db.internal', port: 5432, dbname: 'app', username, password });
}

/** Secrets Manager with one secret whose AWSCURRENT can be changed, counting GetSecretValue calls. */
export class FakeSecretsManager implements SecretsManagerReader {
  calls = 0;

  constructor(public current: string | Error) {}

  async getSecretValue(): Promise<GetSecretValueOutput> {
    this.calls += 1;
    if (this.current instanceof Error) throw this.current;
    return { SecretString: this.current };
  }
}

/** A PostgreSQL stand-in: accepts the logins in `roles`, refuses others with SQLSTATE 28P01 as the server does. */
export class FakeDatabase {
  readonly logins: string[] = [];
  failWith: Error | undefined;

  constructor(public roles: Record<string, string>) {}

  readonly run: RunWithLogin = async (login, work) => {
    this.logins.push(login.username);
    if (this.failWith) throw this.failWith;
    if (this.roles[login.username] !== login.password) {
      const refused = new DatabaseError(`password authentication failed for user "${login.username}"`, 0, 'error');
      refused.code = '28P01';
      throw refused;
    }
    return work({
      query: async () => ({
        rows: [{ user: login.username, db: login.dbname, time: new Date('2025-10-09T08:00:00Z') }],
      }),
    });
  };
}

export const CALLER: IamCaller = {
  accessKey: 'ASIAEXAMPLEACCESSKEY',
  accountId: '123456789012',
  callerId: 'AROAEXAMPLEROLEID:alice',
  principalOrgId: 'o-abc123',
  userArn: 'arn:aws:sts::123456789012:assumed-role/dev-api-invoker/alice',
  userId: 'AROAEXAMPLEROLEID:alice',
};

export function apiEvent(method: string, path: string, iam: IamCaller | null = CALLER): FunctionUrlEvent {
  return {
    version: '2.0',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'xyz.lambda-url.eu-west-1.on.aws' },
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      timeEpoch: 1_760_000_000_000,
      http: { method, path },
      ...(iam === null ? {} : { authorizer: { iam } }),
    },
  };
}
