import { integerSetting, requiredString, secretCacheTtlSeconds } from '../../../functions/shared/env';
import { ConfigurationError } from '../../../functions/shared/errors';

describe('environment settings', () => {
  it('defaults SECRET_CACHE_TTL_SECONDS to 300 and accepts 0 to disable the cache', () => {
    expect(secretCacheTtlSeconds({})).toBe(300);
    expect(secretCacheTtlSeconds({ SECRET_CACHE_TTL_SECONDS: '0' })).toBe(0);
  });

  it.each(['-1', '1.5', 'abc', '86401', '1e3'])('rejects SECRET_CACHE_TTL_SECONDS=%j naming the variable', (value) => {
    expect(() => secretCacheTtlSeconds({ SECRET_CACHE_TTL_SECONDS: value })).toThrow(/SECRET_CACHE_TTL_SECONDS/);
  });

  it('names a missing required variable', () => {
    expect(() => requiredString({}, 'DB_SECRET_ARN')).toThrow(
      new ConfigurationError('environment variable DB_SECRET_ARN is required'),
    );
  });

  it('uses the fallback for an empty integer setting', () => {
    expect(integerSetting({ X: '' }, 'X', { fallback: 7, min: 0, max: 10 })).toBe(7);
  });
});
