// Suppressing a guardrail is an explicit, reviewable call next to the construct it excuses, with a reason.
// The synth summary lists every suppression, and one that no longer matches a finding is reported as stale.
import type { IConstruct } from 'constructs';
import { GUARDRAIL_RULES, type GuardrailRuleId } from './pack';

/** Metadata type the suppressions are stored under on a construct's node. */
const SUPPRESSION_METADATA = 'guardrails:suppression';
const MIN_REASON_LENGTH = 20;

/** A suppression as recorded: where it was made, which rule, why. */
export interface Suppression {
  /** Construct path of the scope; it covers the scope and everything below it. */
  readonly path: string;
  readonly ruleId: string;
  readonly reason: string;
}

/** Thrown when a suppression names no rule or gives no real reason. */
export class SuppressionError extends Error {
  override readonly name = 'SuppressionError';
}

/**
 * Excuses `scope` and every construct below it from the rule `ruleId`. Keep the scope as small as the exception:
 * the resource itself rather than its stack.
 *
 * @example suppressGuardrail(invoker.role, 'IamRoleTrustScoped', 'Administrators of this account grant sts:AssumeRole on it explicitly')
 */
export function suppressGuardrail(scope: IConstruct, ruleId: GuardrailRuleId, reason: string): void {
  if (!GUARDRAIL_RULES.some((rule) => rule.id === ruleId)) {
    throw new SuppressionError(
      `suppressGuardrail(${scope.node.path}): no guardrail "${ruleId}" (see lib/guardrails/RULES.md for the ids)`,
    );
  }
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new SuppressionError(
      `suppressGuardrail(${scope.node.path}, ${ruleId}): give a reason of at least ${MIN_REASON_LENGTH} characters saying why the exception is safe`,
    );
  }
  scope.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason: reason.trim() });
}

/** Every suppression made on `root` or below it. */
export function suppressionsIn(root: IConstruct): Suppression[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === SUPPRESSION_METADATA)
      .map((entry) => {
        const data = entry.data as { ruleId: string; reason: string };
        return { path: construct.node.path, ruleId: data.ruleId, reason: data.reason };
      }),
  );
}

/** Whether a suppression covers the construct at `path` (its own path or an ancestor's). */
export function covers(suppression: Suppression, ruleId: string, path: string): boolean {
  return suppression.ruleId === ruleId && (path === suppression.path || path.startsWith(`${suppression.path}/`));
}
