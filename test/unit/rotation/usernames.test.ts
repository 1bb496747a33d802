import { alternateUsername } from '../../../functions/rotate-postgres/usernames';

describe('alternateUsername', () => {
  it('alternates between <user> and <user>_clone', () => {
    expect(alternateUsername('app_user')).toBe('app_user_clone');
    expect(alternateUsername('app_user_clone')).toBe('app_user');
  });

  it('treats a bare "_clone" as a user name, not as a clone of the empty name', () => {
    expect(alternateUsername('_clone')).toBe('_clone_clone');
  });

  it('refuses a clone name longer than PostgreSQL keeps (63 bytes, counted in UTF-8)', () => {
    expect(alternateUsername('u'.repeat(57))).toHaveLength(63);
    expect(() => alternateUsername('u'.repeat(58))).toThrow(/63 bytes/);
    expect(() => alternateUsername('é'.repeat(29))).toThrow(/63 bytes/);
  });
});
