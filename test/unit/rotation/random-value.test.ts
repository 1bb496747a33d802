import {
  isWellFormedRandomValue,
  RANDOM_VALUE_REQUEST,
  requireWellFormedRandomValue,
} from '../../../functions/shared/rotation/random-value';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:report-signing-key-AbCdEf';

describe('a random value', () => {
  it('asks GetRandomPassword for 64 letters and digits, without punctuation or spaces', () => {
    expect(RANDOM_VALUE_REQUEST).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
  });

  it.each([
    ['A1'.repeat(32), true],
    ['A1'.repeat(31), false],
    ['A1'.repeat(33), false],
    [`${'A'.repeat(63)}!`, false],
    [`${'A'.repeat(63)} `, false],
    [`whsec_${Buffer.alloc(32).toString('base64')}`, false],
  ])('%j is well formed: %s', (value, expected) => {
    expect(isWellFormedRandomValue(value)).toBe(expected);
  });

  it('refuses a malformed pending value with InvalidPendingValueError naming the secret, never the value', () => {
    const attempt = () => requireWellFormedRandomValue(ARN, 'short-value');

    expect(attempt).toThrow(expect.objectContaining({ name: 'InvalidPendingValueError' }));
    expect(attempt).toThrow(ARN);
    expect(attempt).not.toThrow(/short-value/);
  });
});
