import {
  generateSecretValue,
  isWellFormed,
  readValueFormat,
  TEXT_PASSWORD_REQUEST,
} from '../../../functions/rotate-random-secret/secret-value';

describe('readValueFormat', () => {
  it('defaults to text and accepts whsec', () => {
    expect(readValueFormat({})).toBe('text');
    expect(readValueFormat({ SECRET_VALUE_FORMAT: 'whsec' })).toBe('whsec');
  });

  it('names the variable and the allowed values when it is wrong', () => {
    expect(() => readValueFormat({ SECRET_VALUE_FORMAT: 'hex' })).toThrow(/SECRET_VALUE_FORMAT="hex".*text, whsec/);
  });
});

describe('generateSecretValue', () => {
  it('asks GetRandomPassword for 64 characters without punctuation or spaces for text', async () => {
    const randomPassword = jest.fn(async () => 'x'.repeat(64));

    const value = await generateSecretValue('text', { randomPassword });

    expect(value).toBe('x'.repeat(64));
    expect(randomPassword).toHaveBeenCalledWith(TEXT_PASSWORD_REQUEST);
    expect(TEXT_PASSWORD_REQUEST).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
  });

  it('encodes 32 random bytes as whsec_<base64> for Standard Webhooks', async () => {
    const value = await generateSecretValue('whsec', {
      randomPassword: async () => 'unused',
      randomBytes: (size) => Buffer.alloc(size, 0xab),
    });

    expect(value).toBe(`whsec_${Buffer.alloc(32, 0xab).toString('base64')}`);
  });
});

describe('isWellFormed', () => {
  it.each([
    ['text', 'A1'.repeat(32), true],
    ['text', 'A1'.repeat(31), false],
    ['text', `${'A'.repeat(63)}!`, false],
    ['whsec', `whsec_${Buffer.alloc(32).toString('base64')}`, true],
    ['whsec', `whsec_${Buffer.alloc(16).toString('base64')}`, false],
    ['whsec', Buffer.alloc(32).toString('base64'), false],
  ] as const)('%s %j -> %s', (format, value, expected) => {
    expect(isWellFormed(format, value)).toBe(expected);
  });
});
