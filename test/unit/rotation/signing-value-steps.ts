// A complete step set for the generic rotation handler's tests: the GitHub rotation's createSecret and its
// well-formedness check, without the GitHub calls (setSecret has nothing to do here).
import { createRandomPending, requireWellFormed } from '../../../functions/rotate-github-webhook/signing-value';
import type { RotationSteps } from '../../../functions/shared/rotation/create-rotation-handler';

export const signingValueSteps: RotationSteps = {
  createSecret: createRandomPending,
  async setSecret(ctx) {
    ctx.outcome('nothing_to_set');
  },
  async testSecret(ctx) {
    requireWellFormed(ctx.secretArn, (await ctx.versions.requirePending(ctx.secretArn, ctx.token)).value);
    ctx.outcome('pending_valid');
  },
};
