import type { DecryptCommand } from '@aws-sdk/client-kms';
import { EncryptedEnvironment, type KmsDecrypter } from '../../functions/shared/encrypted-env';

const CIPHERTEXT = Buffer.from('ciphertext-bytes').toString('base64');

function fakeKms(answer: () => Promise<{ Plaintext?: Uint8Array }>) {
  const calls: DecryptCommand['input'][] = [];
  const kms = {
    send: async (command: DecryptCommand) => {
      calls.push(command.input);
      return answer();
    },
  } as unknown as KmsDecrypter;
  return { kms, calls };
}

const env = { API_TOKEN: CIPHERTEXT, AWS_LAMBDA_FUNCTION_NAME: 'acme-dev-api' };

describe('EncryptedEnvironment', () => {
  it('decrypts with the function name as encryption context', async () => {
    const { kms, calls } = fakeKms(async () => ({ Plaintext: Buffer.from('s3cr3t') }));

    const value = await new EncryptedEnvironment({ kms, env }).get('API_TOKEN');

    expect(value).toBe('s3cr3t');
    expect(calls).toEqual([
      { CiphertextBlob: Buffer.from('ciphertext-bytes'), EncryptionContext: { LambdaFunctionName: 'acme-dev-api' } },
    ]);
  });

  it('calls KMS once per cold start, however many times and however concurrently it is asked', async () => {
    const { kms, calls } = fakeKms(async () => ({ Plaintext: Buffer.from('s3cr3t') }));
    const encrypted = new EncryptedEnvironment({ kms, env });

    await Promise.all([encrypted.get('API_TOKEN'), encrypted.get('API_TOKEN')]);
    await encrypted.get('API_TOKEN');

    expect(calls).toHaveLength(1);
  });

  it('does not cache a failure: the next call asks KMS again', async () => {
    let attempts = 0;
    const { kms } = fakeKms(async () => {
      attempts += 1;
      if (attempts === 1) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      return { Plaintext: Buffer.from('s3cr3t') };
    });
    const encrypted = new EncryptedEnvironment({ kms, env });

    await expect(encrypted.get('API_TOKEN')).rejects.toMatchObject({ name: 'EncryptedValueError' });
    await expect(encrypted.get('API_TOKEN')).resolves.toBe('s3cr3t');
  });

  it.each([
    ['missing', {}, /API_TOKEN is required/],
    ['not base64', { API_TOKEN: 'plain text!' }, /not base64/],
  ])('names the variable when it is %s', async (_case, vars, message) => {
    const { kms, calls } = fakeKms(async () => ({}));
    const encrypted = new EncryptedEnvironment({ kms, env: { AWS_LAMBDA_FUNCTION_NAME: 'acme-dev-api', ...vars } });

    await expect(encrypted.get('API_TOKEN')).rejects.toThrow(message);
    expect(calls).toHaveLength(0);
  });

  it('needs the function name for the encryption context', async () => {
    const { kms } = fakeKms(async () => ({}));

    await expect(new EncryptedEnvironment({ kms, env: { API_TOKEN: CIPHERTEXT } }).get('API_TOKEN')).rejects.toThrow(
      /AWS_LAMBDA_FUNCTION_NAME/,
    );
  });
});
