// The guardrails as a cdktf Aspect on every stack. cdktf synthesizes stack by stack and stops at the first stack
// with an error, so the aspect checks the whole app the first time it visits a stack (every stack's cross-stack
// references are already prepared then) and reports every finding of every stack in one run.
import { Annotations, Aspects, type IAspect, TerraformStack } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import { evaluateGuardrails, type Finding, formatFinding, type GuardrailsReport, summaryLine } from './evaluate';
import { GUARDRAIL_RULES } from './pack';
import type { GuardrailRule } from './rule';
import { suppressionsIn } from './suppressions';
import { synthesizedStack } from './synthesized-stack';

/** Options of applyGuardrails. */
export interface GuardrailsOptions {
  /** Rules to run. @default GUARDRAIL_RULES */
  readonly rules?: readonly GuardrailRule[];
  /** Where the warnings go, and the summary line unless `summary` is set. @default a line each on stderr */
  readonly log?: (line: string) => void;
  /** Where the summary line of a run without errors goes. @default `log` when set, else stdout (it is no error) */
  readonly summary?: (line: string) => void;
}

/** Synth fails with this when any guardrail reports an error; the message lists every one. */
export class GuardrailsError extends Error {
  declare readonly report: GuardrailsReport;

  constructor(report: GuardrailsReport) {
    const lines = report.errors.map((finding) => `  - ${formatFinding(finding)}`);
    super(
      `guardrails: ${report.errors.length} error(s); synth stopped before writing any stack:\n${lines.join('\n')}\n${summaryLine(report)}\n` +
        'Fix each resource as its message says; for a deliberate exception call suppressGuardrail(construct, ruleId, reason) from lib/guardrails.',
    );
    // Not enumerable, so when nothing catches the error (main.ts rethrows it) Node prints the message, not the report.
    Object.defineProperty(this, 'report', { value: report, enumerable: false });
    Object.defineProperty(this, 'name', { value: 'GuardrailsError', enumerable: false });
    // A policy failure, not a crash: the JavaScript stack trace would only hide the list above.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Checks every resource of the app once per synth; see the file comment for why once for all stacks. */
export class GuardrailsAspect implements IAspect {
  /** Set after the first visit: the result of this synth's run. */
  report: GuardrailsReport | undefined;
  private readonly rules: readonly GuardrailRule[];
  private readonly log: (line: string) => void;
  private readonly summary: (line: string) => void;

  constructor(options: GuardrailsOptions = {}) {
    this.rules = options.rules ?? GUARDRAIL_RULES;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.summary = options.summary ?? options.log ?? ((line) => process.stdout.write(`${line}\n`));
  }

  visit(node: IConstruct): void {
    if (this.report || !TerraformStack.isStack(node)) return;
    const root = node.node.root;
    const stacks = root.node
      .findAll()
      .filter((construct): construct is TerraformStack => TerraformStack.isStack(construct));
    const report = evaluateGuardrails(stacks.map(synthesizedStack), this.rules, suppressionsIn(root));
    this.report = report;

    const byPath = new Map(root.node.findAll().map((construct) => [construct.node.path, construct]));
    const annotate = (finding: Finding) => byPath.get(finding.resource.path) ?? root;
    for (const finding of report.warnings) {
      Annotations.of(annotate(finding)).addWarning(formatFinding(finding));
      this.log(`guardrails warning: ${formatFinding(finding)}`);
    }
    for (const finding of report.unresolvedPassed) {
      Annotations.of(annotate(finding)).addInfo(`accepted although undecided: ${formatFinding(finding)}`);
    }
    for (const unused of report.unusedSuppressions) {
      const message = `suppression of ${unused.ruleId} on ${unused.path} excuses no finding any more: remove it`;
      Annotations.of(byPath.get(unused.path) ?? root).addWarning(message);
      this.log(`guardrails warning: ${message}`);
    }
    if (report.errors.length > 0) throw new GuardrailsError(report);
    this.summary(summaryLine(report));
  }
}

/**
 * Runs the guardrails on every synth of `app`: call it after the stacks are built, just before `app.synth()`.
 * Errors make synth throw a GuardrailsError (the process exits non-zero); warnings become annotations.
 */
export function applyGuardrails(app: Construct, options: GuardrailsOptions = {}): GuardrailsAspect {
  const stacks = app.node.findAll().filter((construct) => TerraformStack.isStack(construct));
  if (stacks.length === 0) {
    throw new Error('applyGuardrails(app) found no stacks: call it after building the stacks, just before app.synth()');
  }
  const aspect = new GuardrailsAspect(options);
  for (const stack of stacks) Aspects.of(stack).add(aspect);
  return aspect;
}
