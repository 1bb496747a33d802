import type { GetRandomPasswordCommandInput } from '@aws-sdk/client-secrets-manager';
import type { StepContext } from '../shared/rotation/create-rotation-handler';
import { InvalidPendingValueError } from '../shared/rotation/errors';

/** Length of a signing secret this rotation makes: 64 letters and digits, which survive any header or form. */
export const SIGNING_VALUE_LENGTH = 64;

/** The GetRandomPassword request for a new signing secret: letters and digits only. */
export const SIGNING_VALUE_REQUEST: GetRandomPasswordCommandInput = {
  PasswordLength: SIGNING_VALUE_LENGTH,
  ExcludePunctuation: true,
  IncludeSpace: false,
  RequireEachIncludedType: true,
};

/** Whether `value` has the shape this rotation makes (checked before the value reaches GitHub or goes live). */
export function isWellFormedSigningValue(value: string): boolean {
  return value.length === SIGNING_VALUE_LENGTH && /^[A-Za-z0-9]+$/.test(value);
}

/** Throws InvalidPendingValueError when the AWSPENDING value is not one this rotation makes. */
export function requireWellFormed(secretArn: string, value: string): void {
  if (!isWellFormedSigningValue(value)) {
    throw new InvalidPendingValueError(`the AWSPENDING value of ${secretArn} is not a well-formed signing secret`);
  }
}

/**
 * createSecret: stores a new random value as AWSPENDING. A retried createSecret keeps the value it stored the first
 * time for this token. Unlike a database credential, a signing secret needs no AWSCURRENT to start from, so the first
 * rotation of a secret created without a value gives it its first value.
 */
export async function createRandomPending(ctx: StepContext): Promise<void> {
  if ((await ctx.versions.pending(ctx.secretArn, ctx.token)) !== undefined) {
    ctx.outcome('pending_kept');
    return;
  }
  const first = (await ctx.versions.current(ctx.secretArn)) === undefined;
  await ctx.versions.putPending(ctx.secretArn, ctx.token, await ctx.versions.randomPassword(SIGNING_VALUE_REQUEST));
  ctx.outcome(first ? 'first_value_created' : 'pending_created');
}
