// The evaluator never lets a resource pass silently: a rule that throws is an error finding, and a value a rule
// cannot decide fails synth unless the rule says it may pass.
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformStack, Testing } from 'cdktf';
import { evaluateGuardrails, formatFinding, summaryLine } from '../../../lib/guardrails/evaluate';
import { compliant, defineRule, type GuardrailRule, notApplicable, unresolved } from '../../../lib/guardrails/rule';
import { synthesizedStack } from '../../../lib/guardrails/synthesized-stack';

function keyStack() {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'fixture');
  const key = new KmsKey(stack, 'key', { enableKeyRotation: true });
  return { app, stack, key };
}

const rule = (id: string, check: GuardrailRule['check']) =>
  defineRule({
    id,
    severity: 'warning',
    resourceTypes: ['aws_kms_key'],
    enforces: `${id} holds`,
    fix: 'fix it',
    check,
  });

const throwing = rule('Throwing', () => {
  throw new TypeError("Cannot read properties of undefined (reading 'Statement')");
});
// Reads the value through the accessor and never checks it: deciding "unresolved" is the engine's job.
const undecided = rule('Undecided', (key) => (key.isTrue('enable_key_rotation') ? compliant : notApplicable));
const undecidedButFine = rule('UndecidedButFine', () => unresolved('policy', '${var.policy}', { mayPass: true }));

describe('evaluateGuardrails', () => {
  it('turns a rule that throws into an error finding naming the rule and the resource, and runs the other rules', () => {
    const { stack } = keyStack();
    const other = rule('Other', () => compliant);

    const report = evaluateGuardrails([synthesizedStack(stack)], [throwing, other]);

    expect(report.errors).toHaveLength(1);
    const [finding] = report.errors;
    if (!finding) throw new Error('no finding');
    expect(finding).toMatchObject({ ruleId: 'Throwing', kind: 'rule-error', severity: 'error' });
    expect(formatFinding(finding)).toBe(
      "Throwing: fixture/key (aws_kms_key.key): rule failed: the rule threw TypeError: Cannot read properties of undefined (reading 'Statement'). " +
        'Fix: correct lib/guardrails/rules/Throwing.ts so it returns an outcome for this resource (unresolved when it cannot decide); a suppression cannot excuse a broken check. ' +
        'Enforces: Throwing holds',
    );
  });

  it('does not let a suppression excuse a rule that throws', () => {
    const { stack } = keyStack();
    const suppression = {
      path: 'fixture/key',
      ruleId: 'Throwing',
      reason: 'the rule is known to crash on imported keys',
    };

    const report = evaluateGuardrails([synthesizedStack(stack)], [throwing], [suppression]);

    expect(report.errors.map((f) => f.ruleId)).toEqual(['Throwing']);
    expect(report.suppressed).toEqual([]);
  });

  it('reports a value the rule cannot decide as a finding of the rule severity, saying it cannot decide', () => {
    const { stack, key } = keyStack();
    key.addOverride('enable_key_rotation', '${var.rotate}');

    const report = evaluateGuardrails([synthesizedStack(stack)], [undecided]);

    expect(report.warnings).toHaveLength(1);
    expect(formatFinding(report.warnings[0] as never)).toMatch(
      /^Undecided: fixture\/key \(aws_kms_key\.key\): cannot decide: enable_key_rotation is "\$\{var\.rotate\}", which Terraform only knows at apply time/,
    );
  });

  it('lets an undecided value pass only when the rule says so, and counts it in the summary line', () => {
    const { stack } = keyStack();

    const report = evaluateGuardrails([synthesizedStack(stack)], [undecidedButFine]);

    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.unresolvedPassed.map((f) => [f.ruleId, f.kind])).toEqual([['UndecidedButFine', 'unresolved']]);
    expect(summaryLine(report)).toContain('0 errors, 0 warnings, 0 suppressed, 1 unresolved passed');
  });

  it('lets a suppression with a reason excuse an undecided value', () => {
    const { stack, key } = keyStack();
    key.addOverride('enable_key_rotation', '${var.rotate}');
    const suppression = {
      path: 'fixture/key',
      ruleId: 'Undecided',
      reason: 'var.rotate is always true in every workspace',
    };

    const report = evaluateGuardrails([synthesizedStack(stack)], [undecided], [suppression]);

    expect(report.warnings).toEqual([]);
    expect(report.suppressed.map((f) => f.kind)).toEqual(['unresolved']);
  });
});
