import type { RotationSteps } from '../shared/rotation/create-rotation-handler';
import { InvalidPendingValueError } from '../shared/rotation/errors';
import { generateSecretValue, isWellFormed, type SecretValueFormat } from './secret-value';

/**
 * Steps for a random shared secret (e.g. a webhook signing secret). There is no server whose password must
 * change: consumers read AWSCURRENT (and AWSPREVIOUS during the overlap), so setSecret has nothing to do.
 */
export function randomSecretSteps(format: SecretValueFormat, randomBytes?: (size: number) => Buffer): RotationSteps {
  return {
    async createSecret(ctx) {
      // A retried createSecret keeps the value it stored the first time for this token.
      if ((await ctx.versions.pending(ctx.secretArn, ctx.token)) !== undefined) {
        ctx.outcome('pending_kept');
        return;
      }
      // Unlike a database credential, a random secret needs no AWSCURRENT to start from, so the first
      // rotation of a secret created without a value gives it its first value.
      const first = (await ctx.versions.current(ctx.secretArn)) === undefined;
      const value = await generateSecretValue(format, {
        randomPassword: (input) => ctx.versions.randomPassword(input),
        ...(randomBytes === undefined ? {} : { randomBytes }),
      });
      await ctx.versions.putPending(ctx.secretArn, ctx.token, value);
      ctx.outcome(first ? 'first_value_created' : 'pending_created');
    },

    async setSecret(ctx) {
      ctx.outcome('nothing_to_set');
    },

    async testSecret(ctx) {
      const pending = await ctx.versions.requirePending(ctx.secretArn, ctx.token);
      if (!isWellFormed(format, pending.value)) {
        throw new InvalidPendingValueError(
          `the AWSPENDING value of ${ctx.secretArn} is not a well-formed ${format} secret`,
        );
      }
      ctx.outcome('pending_valid');
    },
  };
}
