import type { GetRandomPasswordCommandInput } from '@aws-sdk/client-secrets-manager';
import type { StepContext } from './create-rotation-handler';
import { InvalidPendingValueError } from './errors';

// The value of a secret the template generates itself (a webhook signing secret, a team's HMAC key or internal
// token): no one else issues it, so any rotation of such a secret starts from a new random value of this shape.

/** Length of a random value: 64 letters and digits (about 380 bits), which survive any header, form or URL. */
export const RANDOM_VALUE_LENGTH = 64;

/** The GetRandomPassword request for a new random value: letters and digits only. */
export const RANDOM_VALUE_REQUEST: GetRandomPasswordCommandInput = {
  PasswordLength: RANDOM_VALUE_LENGTH,
  ExcludePunctuation: true,
  IncludeSpace: false,
  RequireEachIncludedType: true,
};

/** Whether `value` has the shape RANDOM_VALUE_REQUEST makes (checked before the value reaches anyone or goes live). */
export function isWellFormedRandomValue(value: string): boolean {
  return value.length === RANDOM_VALUE_LENGTH && /^[A-Za-z0-9]+$/.test(value);
}

/** Throws InvalidPendingValueError when the AWSPENDING value is not one createRandomPending makes. */
export function requireWellFormedRandomValue(secretArn: string, value: string): void {
  if (!isWellFormedRandomValue(value)) {
    throw new InvalidPendingValueError(`the AWSPENDING value of ${secretArn} is not a well-formed random value`);
  }
}

/**
 * createSecret: stores a new random value as AWSPENDING. A retried createSecret keeps the value it stored the first
 * time for this token. Unlike a database credential, a random value needs no AWSCURRENT to start from, so the first
 * rotation of a secret created without a value gives it its first value.
 */
export async function createRandomPending(ctx: StepContext): Promise<void> {
  if ((await ctx.versions.pending(ctx.secretArn, ctx.token)) !== undefined) {
    ctx.outcome('pending_kept');
    return;
  }
  const first = (await ctx.versions.current(ctx.secretArn)) === undefined;
  await ctx.versions.putPending(ctx.secretArn, ctx.token, await ctx.versions.randomPassword(RANDOM_VALUE_REQUEST));
  ctx.outcome(first ? 'first_value_created' : 'pending_created');
}
