import { sqlOperation } from '../../../functions/shared/sql-operation';

describe('sqlOperation', () => {
  it.each([
    ['SELECT current_user AS "user", now()', 'SELECT'],
    ['  select 1', 'SELECT'],
    ['BEGIN', 'BEGIN'],
    ['COMMIT', 'COMMIT'],
    ['SELECT 1 FROM pg_roles WHERE rolname = $1', 'SELECT'],
    ['GRANT "app" TO "app_clone"', 'GRANT'],
  ])('labels %j as %s', (text, label) => {
    expect(sqlOperation(text)).toBe(label);
  });

  it('keeps the role statement kind but nothing of its name or password verifier', () => {
    const verifier = "'SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy'";

    const alter = sqlOperation(`ALTER ROLE "app_clone" WITH PASSWORD ${verifier}`);
    const create = sqlOperation(`CREATE ROLE "app_clone"\nWITH LOGIN PASSWORD ${verifier}`);

    expect([alter, create]).toEqual(['ALTER ROLE', 'CREATE ROLE']);
  });

  it.each(["'secret' AS leaked", '-- SELECT hidden comment\nSELECT 1', '(SELECT 1)', 'VACUUM app_table', ''])(
    'labels a statement of another kind (%j) as QUERY',
    (text) => {
      expect(sqlOperation(text)).toBe('QUERY');
    },
  );
});
