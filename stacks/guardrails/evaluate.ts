// Runs every rule over every resource of the app and sorts the outcomes into errors, warnings and suppressed findings.
import type { GuardrailRule, Severity, SynthesizedResource } from './rule';
import { covers, type Suppression } from './suppressions';
import { ruleContext, type SynthesizedStack } from './synthesized-stack';

/** One non-compliant resource. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly resource: SynthesizedResource;
  readonly problem: string;
  readonly fix: string;
  readonly enforces: string;
  /** Set when a suppression excuses the finding. */
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
  /** Suppressions that excused nothing: the code they were written for changed; remove them. */
  readonly unusedSuppressions: readonly Suppression[];
}

export function evaluateGuardrails(
  stacks: readonly SynthesizedStack[],
  rules: readonly GuardrailRule[],
  suppressions: readonly Suppression[] = [],
): GuardrailsReport {
  const findings: Finding[] = [];
  for (const stack of stacks) {
    for (const resource of stack.resources) {
      const context = ruleContext(stacks, resource);
      for (const rule of rules) {
        if (!rule.resourceTypes.includes('*') && !rule.resourceTypes.includes(resource.type)) continue;
        const outcome = rule.check(resource, context);
        if (outcome.status !== 'non-compliant') continue;
        const suppression = suppressions.find((s) => covers(s, rule.id, resource.path));
        findings.push({
          ruleId: rule.id,
          severity: rule.severity,
          resource,
          problem: outcome.problem,
          fix: outcome.fix,
          enforces: rule.enforces,
          suppression,
        });
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
    unusedSuppressions: suppressions.filter((s) => !findings.some((finding) => finding.suppression === s)),
  };
}

/** `RuleId: path (address): problem. Fix: fix. Enforces: seed rule` */
export function formatFinding(finding: Finding): string {
  const { resource } = finding;
  return `${finding.ruleId}: ${resource.path} (${resource.address}): ${finding.problem}. Fix: ${finding.fix}. Enforces: ${finding.enforces}`;
}

/** The one line every synth prints, listing each suppression with its reason. */
export function summaryLine(report: GuardrailsReport): string {
  const counts = `${report.errors.length} errors, ${report.warnings.length} warnings, ${report.suppressed.length} suppressed`;
  const scope = `${report.ruleCount} rules on ${report.resourceCount} resources in ${report.stackCount} stacks`;
  const suppressed = report.suppressed.map(
    (finding) => `${finding.ruleId} on ${finding.resource.path} ("${finding.suppression?.reason}")`,
  );
  return `guardrails: ${scope}: ${counts}${suppressed.length > 0 ? `: ${suppressed.join('; ')}` : ''}`;
}
