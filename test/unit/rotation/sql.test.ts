import { passwordStatements } from '../../../functions/rotate-postgres/sql';

const verifier = 'SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy';

describe('passwordStatements', () => {
  it('creates the clone with a password and makes it a member of the current user the first time', () => {
    const sql = passwordStatements({
      roleExists: false,
      pendingUser: 'app_user_clone',
      currentUser: 'app_user',
      passwordVerifier: verifier,
    });

    expect(sql).toEqual([
      `CREATE ROLE "app_user_clone" WITH LOGIN PASSWORD '${verifier}'`,
      'GRANT "app_user" TO "app_user_clone"',
    ]);
  });

  it('creates a plain login role for a first credential, with nothing to inherit from', () => {
    const sql = passwordStatements({
      roleExists: false,
      pendingUser: 'app_user',
      currentUser: undefined,
      passwordVerifier: verifier,
    });

    expect(sql).toEqual([`CREATE ROLE "app_user" WITH LOGIN PASSWORD '${verifier}'`]);
  });

  it('only changes the password of a user that exists', () => {
    const sql = passwordStatements({
      roleExists: true,
      pendingUser: 'app_user',
      currentUser: 'app_user_clone',
      passwordVerifier: verifier,
    });

    expect(sql).toEqual([`ALTER ROLE "app_user" WITH PASSWORD '${verifier}'`]);
  });

  it('quotes names and passwords so they cannot end the statement', () => {
    const [create, grant] = passwordStatements({
      roleExists: false,
      pendingUser: 'x"; DROP ROLE admin; --_clone',
      currentUser: `o'brien`,
      passwordVerifier: `p'; DROP ROLE admin; --`,
    });

    expect(create).toBe(`CREATE ROLE "x""; DROP ROLE admin; --_clone" WITH LOGIN PASSWORD 'p''; DROP ROLE admin; --'`);
    expect(grant).toBe(`GRANT "o'brien" TO "x""; DROP ROLE admin; --_clone"`);
  });
});
