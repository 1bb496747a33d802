// What `npm run scan` needs from the config: the facts each synthesized stack was built from (production or not,
// database or not, ...), so an accepted finding in .checkov-skips.yaml applies `when` those facts hold instead of
// naming environments. A fork that adds an environment or switches a feature on gets the same skips without edits.
import type { DeliveryInput } from '../../lib/config/delivery';
import { validateDelivery } from '../../lib/config/delivery';
import { type ProjectInput, validateProject } from '../../lib/config/validate';
import { environmentOfStack } from '../../ops/env-stacks-lib';

/** The facts a skip's `when` may test, each with what it means. */
export const STACK_FACTS = {
  environment: 'the stack belongs to an environment of config/environments.ts (not the bootstrap stack)',
  production: "the stack's environment has production: true",
  database: "the stack's environment has database.enabled: true",
  webhookSecretRotates:
    "the environment's webhook signing secret rotates automatically (scheme github, secretSource generated, webhook.githubHook set)",
  bootstrap: 'the stack is the bootstrap stack of config/delivery.ts',
  accessLogging: 'the bootstrap stack logs state bucket access (delivery bootstrap.accessLogBucket is set)',
} as const;
export type StackFact = keyof typeof STACK_FACTS;
export type StackFacts = Readonly<Record<StackFact, boolean>>;
/** A skip's condition: every listed fact must have the given value. */
export type SkipCondition = Partial<Record<StackFact, boolean>>;

const NONE: StackFacts = {
  environment: false,
  production: false,
  database: false,
  webhookSecretRotates: false,
  bootstrap: false,
  accessLogging: false,
};

/** The facts of each stack id, from the validated config; a stack the config does not explain gets none. */
export function stackFacts(
  stackIds: readonly string[],
  project: ProjectInput,
  delivery: DeliveryInput | undefined,
): Record<string, StackFacts> {
  const config = validateProject(project);
  const names = config.environments.map((e) => e.name);
  const facts: Record<string, StackFacts> = {};
  for (const id of stackIds) {
    if (id === 'bootstrap') {
      // Only a synthesized bootstrap stack needs the delivery settings (synth leaves it out, and does not validate
      // them, while config/delivery.ts still names the sample repository).
      const accessLogging = delivery ? validateDelivery(delivery).bootstrap.accessLogBucket !== undefined : false;
      facts[id] = { ...NONE, bootstrap: true, accessLogging };
      continue;
    }
    const env = config.environments.find((e) => e.name === environmentOfStack(id, names));
    facts[id] = env
      ? {
          ...NONE,
          environment: true,
          production: env.production,
          database: env.database.enabled,
          webhookSecretRotates:
            env.webhook.scheme === 'github' &&
            env.webhook.secretSource === 'generated' &&
            env.webhook.githubHook !== undefined,
        }
      : NONE;
  }
  return facts;
}

/** Checks a skip entry's `when`; returns the problem, or undefined when it is well formed. */
export function conditionProblem(when: unknown): string | undefined {
  if (when === undefined) return undefined;
  if (typeof when !== 'object' || when === null || Array.isArray(when)) {
    return 'when must be a mapping of facts to true/false, e.g. when: { production: false }';
  }
  for (const [fact, value] of Object.entries(when)) {
    if (!(fact in STACK_FACTS)) {
      return `when: unknown fact "${fact}" (known: ${Object.keys(STACK_FACTS).join(', ')})`;
    }
    if (typeof value !== 'boolean') return `when: ${fact} must be true or false`;
  }
  return undefined;
}

/** True when every fact `when` names has the given value in `facts` (no `when`: always). */
export function conditionHolds(when: SkipCondition | undefined, facts: StackFacts): boolean {
  return Object.entries(when ?? {}).every(([fact, value]) => facts[fact as StackFact] === value);
}
