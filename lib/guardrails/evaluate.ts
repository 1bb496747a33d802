// Runs every rule over every resource of the app and sorts the outcomes into errors, warnings and suppressed findings.
// Nothing passes silently: a rule that throws is an error finding, and so is a value a rule cannot decide
// (`unresolved`, which the accessor raises for every value the pack cannot resolve) unless the read says it may pass.
import { type Resource, UnresolvedValue } from './attributes';
import {
  type GuardrailRule,
  type RuleContext,
  type RuleOutcome,
  type Severity,
  type SynthesizedResource,
  unresolved,
} from './rule';
import { covers, type Suppression } from './suppressions';
import { ruleIndex, type SynthesizedStack } from './synthesized-stack';

/** Why a finding exists: the resource breaks the rule, the rule cannot decide, or the rule itself failed. */
export type FindingKind = 'non-compliant' | 'unresolved' | 'rule-error';

/** One resource the rules did not pass. */
export interface Finding {
  readonly ruleId: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly resource: SynthesizedResource;
  readonly problem: string;
  readonly fix: string;
  readonly enforces: string;
  /** Set when a suppression excuses the finding (never for a rule error: a broken check excuses nothing). */
  readonly suppression?: Suppression;
}

/** The outcome of one guardrails run. */
export interface GuardrailsReport {
  readonly ruleCount: number;
  readonly stackCount: number;
  readonly resourceCount: number;
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly suppressed: readonly Finding[];
  /** Values rules could not decide and accepted (`unresolved` with mayPass): listed, not failing. */
  readonly unresolvedPassed: readonly Finding[];
  /** Suppressions that excused nothing: the code they were written for changed; remove them. */
  readonly unusedSuppressions: readonly Suppression[];
}

/**
 * The rule's outcome for one resource: `unresolved` when it read a value the pack cannot resolve (naming the other
 * resource when a lookup led there), or a rule error when it throws anything else (a rule must answer for any resource).
 */
export function checkResource(
  rule: GuardrailRule,
  resource: Resource,
  context: RuleContext,
): RuleOutcome | { status: 'rule-error'; error: unknown } {
  try {
    return rule.check(resource, context);
  } catch (error) {
    if (!(error instanceof UnresolvedValue)) return { status: 'rule-error', error };
    const where = error.address === resource.address ? error.attribute : `${error.address} ${error.attribute}`;
    return unresolved(where, error.value, error.options);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export function evaluateGuardrails(
  stacks: readonly SynthesizedStack[],
  rules: readonly GuardrailRule[],
  suppressions: readonly Suppression[] = [],
): GuardrailsReport {
  const findings: Finding[] = [];
  const unresolvedPassed: Finding[] = [];
  const { resourceOf, context } = ruleIndex(stacks);
  for (const stack of stacks) {
    for (const resource of stack.resources) {
      for (const rule of rules) {
        if (!rule.resourceTypes.includes('*') && !rule.resourceTypes.includes(resource.type)) continue;
        const outcome = checkResource(rule, resourceOf(resource), context);
        const base = { ruleId: rule.id, resource, enforces: rule.enforces };
        if (outcome.status === 'rule-error') {
          findings.push({
            ...base,
            kind: 'rule-error',
            severity: 'error',
            problem: `the rule threw ${describeError(outcome.error)}`,
            fix: `correct lib/guardrails/rules/${rule.id}.ts so it returns an outcome for this resource (unresolved when it cannot decide); a suppression cannot excuse a broken check`,
          });
          continue;
        }
        if (outcome.status !== 'non-compliant' && outcome.status !== 'unresolved') continue;
        const finding: Finding = {
          ...base,
          kind: outcome.status,
          severity: rule.severity,
          problem: outcome.problem,
          fix: outcome.fix,
          suppression: suppressions.find((s) => covers(s, rule.id, resource.path)),
        };
        if (outcome.status === 'unresolved' && outcome.mayPass && !finding.suppression) unresolvedPassed.push(finding);
        else findings.push(finding);
      }
    }
  }
  const active = findings.filter((finding) => !finding.suppression);
  return {
    ruleCount: rules.length,
    stackCount: stacks.length,
    resourceCount: stacks.reduce((sum, stack) => sum + stack.resources.length, 0),
    errors: active.filter((finding) => finding.severity === 'error'),
    warnings: active.filter((finding) => finding.severity === 'warning'),
    suppressed: findings.filter((finding) => finding.suppression),
    unresolvedPassed,
    unusedSuppressions: suppressions.filter((s) => !findings.some((finding) => finding.suppression === s)),
  };
}

const PROBLEM_PREFIX: Record<FindingKind, string> = {
  'non-compliant': '',
  unresolved: 'cannot decide: ',
  'rule-error': 'rule failed: ',
};

/** `RuleId: path (address): problem. Fix: fix. Enforces: seed rule` (problem prefixed for the other kinds). */
export function formatFinding(finding: Finding): string {
  const { resource } = finding;
  return `${finding.ruleId}: ${resource.path} (${resource.address}): ${PROBLEM_PREFIX[finding.kind]}${finding.problem}. Fix: ${finding.fix}. Enforces: ${finding.enforces}`;
}

/** The one line every synth prints, listing each suppression with its reason. */
export function summaryLine(report: GuardrailsReport): string {
  const unresolved = report.unresolvedPassed.length > 0 ? `, ${report.unresolvedPassed.length} unresolved passed` : '';
  const counts = `${report.errors.length} errors, ${report.warnings.length} warnings, ${report.suppressed.length} suppressed${unresolved}`;
  const scope = `${report.ruleCount} rules on ${report.resourceCount} resources in ${report.stackCount} stacks`;
  const suppressed = report.suppressed.map(
    (finding) => `${finding.ruleId} on ${finding.resource.path} ("${finding.suppression?.reason}")`,
  );
  return `guardrails: ${scope}: ${counts}${suppressed.length > 0 ? `: ${suppressed.join('; ')}` : ''}`;
}
