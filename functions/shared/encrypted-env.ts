import { DecryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { Env } from './env';
import { ConfigurationError, FunctionError } from './errors';

/** The one KMS call the helper makes; a KMSClient satisfies it. */
export type KmsDecrypter = Pick<KMSClient, 'send'>;

/** KMS would not decrypt the value: wrong function name (encryption context), key, or permissions. */
export class EncryptedValueError extends FunctionError {}

export interface EncryptedEnvironmentOptions {
  /** KMS client, created once per cold start as `tracer.captureAWSv3Client(new KMSClient(AWS_CLIENT_OPTIONS))` (shared/tracing.ts). */
  readonly kms: KmsDecrypter;
  /** Where the ciphertexts are (process.env in Lambda). */
  readonly env: Env;
}

/**
 * Values a team keeps client-side encrypted in Lambda environment variables (`npm run encrypt`), decrypted
 * with KMS and the encryption context { LambdaFunctionName: AWS_LAMBDA_FUNCTION_NAME }, as the Lambda
 * console's encryption helpers do. The key policy allows that Decrypt only with this context, so a
 * ciphertext copied to another function does not decrypt there. Each value is decrypted once per cold start;
 * a failed decrypt is not cached, so the next call tries again.
 */
export class EncryptedEnvironment {
  private readonly values = new Map<string, Promise<string>>();

  constructor(private readonly options: EncryptedEnvironmentOptions) {}

  /** The plaintext of the environment variable `name`. */
  get(name: string): Promise<string> {
    let value = this.values.get(name);
    if (value === undefined) {
      value = this.decrypt(name);
      this.values.set(name, value);
      value.catch(() => this.values.delete(name));
    }
    return value;
  }

  private async decrypt(name: string): Promise<string> {
    const { env, kms } = this.options;
    const ciphertext = env[name]?.trim();
    if (!ciphertext)
      throw new ConfigurationError(`environment variable ${name} is required (a ciphertext from npm run encrypt)`);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext)) {
      throw new ConfigurationError(
        `environment variable ${name} is not base64 (expected a ciphertext from npm run encrypt)`,
      );
    }
    const functionName = env.AWS_LAMBDA_FUNCTION_NAME;
    if (!functionName)
      throw new ConfigurationError('AWS_LAMBDA_FUNCTION_NAME is not set (outside Lambda, set it to the function name)');
    let plaintext: Uint8Array | undefined;
    try {
      const out = await kms.send(
        new DecryptCommand({
          CiphertextBlob: Buffer.from(ciphertext, 'base64'),
          EncryptionContext: { LambdaFunctionName: functionName },
        }),
      );
      plaintext = out.Plaintext;
    } catch (error) {
      throw new EncryptedValueError(
        `KMS did not decrypt ${name} for function ${functionName}: was it encrypted for this function and environment?`,
        { cause: error },
      );
    }
    if (plaintext === undefined) throw new EncryptedValueError(`KMS returned no plaintext for ${name}`);
    return Buffer.from(plaintext).toString('utf8');
  }
}
