import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { GetRandomPasswordCommandInput } from '@aws-sdk/client-secrets-manager';
import type { Env } from '../shared/env';
import { ConfigurationError } from '../shared/errors';

/**
 * How a new value looks. `text`: 64 letters and digits from GetRandomPassword (GitHub, Slack, any shared
 * secret). `whsec`: `whsec_` + base64 of 32 random bytes, the Standard Webhooks signing-secret format.
 */
export type SecretValueFormat = 'text' | 'whsec';

export const SECRET_VALUE_FORMATS: readonly SecretValueFormat[] = ['text', 'whsec'];

/** SECRET_VALUE_FORMAT, `text` when unset. */
export function readValueFormat(env: Env): SecretValueFormat {
  const raw = env.SECRET_VALUE_FORMAT?.trim() || 'text';
  if (!(SECRET_VALUE_FORMATS as readonly string[]).includes(raw)) {
    throw new ConfigurationError(
      `environment variable SECRET_VALUE_FORMAT="${raw}" must be one of ${SECRET_VALUE_FORMATS.join(', ')}`,
    );
  }
  return raw as SecretValueFormat;
}

export const TEXT_LENGTH = 64;
const WHSEC_BYTES = 32;

/** The GetRandomPassword request for a `text` value: letters and digits only, so it survives any header. */
export const TEXT_PASSWORD_REQUEST: GetRandomPasswordCommandInput = {
  PasswordLength: TEXT_LENGTH,
  ExcludePunctuation: true,
  IncludeSpace: false,
  RequireEachIncludedType: true,
};

export interface ValueSources {
  readonly randomPassword: (input: GetRandomPasswordCommandInput) => Promise<string>;
  readonly randomBytes?: (size: number) => Buffer;
}

/** A new value in `format`. */
export async function generateSecretValue(format: SecretValueFormat, sources: ValueSources): Promise<string> {
  if (format === 'whsec') {
    return `whsec_${(sources.randomBytes ?? nodeRandomBytes)(WHSEC_BYTES).toString('base64')}`;
  }
  return sources.randomPassword(TEXT_PASSWORD_REQUEST);
}

/** Whether `value` has the shape `format` promises (checked by testSecret before the value goes live). */
export function isWellFormed(format: SecretValueFormat, value: string): boolean {
  if (format === 'whsec') {
    const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value);
    return match?.[1] !== undefined && Buffer.from(match[1], 'base64').length === WHSEC_BYTES;
  }
  return value.length === TEXT_LENGTH && /^[A-Za-z0-9]+$/.test(value);
}
