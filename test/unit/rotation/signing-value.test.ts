import {
  isWellFormedSigningValue,
  SIGNING_VALUE_REQUEST,
} from '../../../functions/rotate-github-webhook/signing-value';

describe('the GitHub webhook signing value', () => {
  it('asks GetRandomPassword for 64 letters and digits, without punctuation or spaces', () => {
    expect(SIGNING_VALUE_REQUEST).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
  });

  it.each([
    ['A1'.repeat(32), true],
    ['A1'.repeat(31), false],
    [`${'A'.repeat(63)}!`, false],
    [`whsec_${Buffer.alloc(32).toString('base64')}`, false],
  ])('%j is well formed: %s', (value, expected) => {
    expect(isWellFormedSigningValue(value)).toBe(expected);
  });
});
