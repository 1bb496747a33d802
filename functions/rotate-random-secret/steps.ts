import type { RotationSteps } from '../shared/rotation/create-rotation-handler';
import { createRandomPending, requireWellFormedRandomValue } from '../shared/rotation/random-value';

/**
 * Steps for a secret the template generates for a team's own functions (an HMAC key, an internal token): the
 * "Add a function" example in docs/extending.md rotates its report signing key with them. No server holds the value, so
 * setSecret has nothing to change: readers read AWSCURRENT, which finishSecret moves to the new value.
 */
export const randomSecretSteps: RotationSteps = {
  createSecret: createRandomPending,

  async setSecret(ctx) {
    ctx.outcome('nothing_to_set');
  },

  async testSecret(ctx) {
    const pending = await ctx.versions.requirePending(ctx.secretArn, ctx.token);
    requireWellFormedRandomValue(ctx.secretArn, pending.value);
    ctx.outcome('pending_valid');
  },
};
