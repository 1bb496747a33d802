import type { RotationSteps } from '../shared/rotation/create-rotation-handler';
import { createRandomPending, requireWellFormedRandomValue } from '../shared/rotation/random-value';
import { PENDING_REFRESH_SECONDS } from '../shared/webhook-secret';
import { GithubSecretNotSetError } from './errors';
import type { GithubHooks } from './github-hooks';

export interface GithubWebhookStepsDeps {
  /** The GitHub client, built with the token read at the start of the step that needs it. */
  readonly hooks: () => Promise<GithubHooks>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Steps for the signing secret of a GitHub webhook the template generates: createSecret stores 64 random
 * letters and digits as AWSPENDING; setSecret gives that value to GitHub (the
 * webhook already accepts AWSPENDING, so deliveries signed with it verify from that moment); testSecret reads
 * the hook config back (GitHub never returns the value, only whether one is set) and pings the hook. Any
 * GitHub error fails the step, so finishSecret never runs and AWSCURRENT stays.
 */
export function githubWebhookSteps(deps: GithubWebhookStepsDeps): RotationSteps {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? sleepFor;
  return {
    createSecret: createRandomPending,

    async setSecret(ctx) {
      const pending = await ctx.versions.requirePending(ctx.secretArn, ctx.token);
      requireWellFormedRandomValue(ctx.secretArn, pending.value);
      // Webhook instances re-read AWSPENDING at most every PENDING_REFRESH_SECONDS: wait until every instance's
      // answer is younger than the pending version, so the first delivery GitHub signs with it verifies.
      const settledAt = (pending.createdAtMs ?? now()) + PENDING_REFRESH_SECONDS * 1000;
      const wait = settledAt - now();
      if (wait > 0) await sleep(wait);
      await (await deps.hooks()).setSecret(pending.value);
      ctx.outcome('hook_secret_set');
    },

    async testSecret(ctx) {
      const pending = await ctx.versions.requirePending(ctx.secretArn, ctx.token);
      requireWellFormedRandomValue(ctx.secretArn, pending.value);
      const hooks = await deps.hooks();
      const config = await hooks.readConfig();
      if (typeof config.secret !== 'string' || config.secret === '') {
        throw new GithubSecretNotSetError('the hook config shows no secret after setSecret');
      }
      // GitHub sends a ping signed with the value it holds; the webhook accepts it (AWSPENDING) and answers 200.
      await hooks.ping();
      ctx.outcome('hook_secret_confirmed');
    },
  };
}
