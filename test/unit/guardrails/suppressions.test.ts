import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { evaluateGuardrails, summaryLine } from '../../../lib/guardrails/evaluate';
import { GUARDRAIL_RULES, type GuardrailRuleId } from '../../../lib/guardrails/pack';
import { KmsKeyRotationEnabled } from '../../../lib/guardrails/rules/KmsKeyRotationEnabled';
import { SuppressionError, suppressGuardrail, suppressionsIn } from '../../../lib/guardrails/suppressions';
import { synthesizedStack } from '../../../lib/guardrails/synthesized-stack';

const REASON = 'imported key managed by the security team, rotated on their schedule';

function stackWithKeys() {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'fixture');
  const imported = new Construct(stack, 'imported');
  new KmsKey(imported, 'key', {});
  new KmsKey(stack, 'own', {});
  return { app, stack, imported };
}

describe('suppressGuardrail', () => {
  it('excuses the construct and everything below it, and the summary lists it with its reason', () => {
    const { app, stack, imported } = stackWithKeys();
    suppressGuardrail(imported, 'KmsKeyRotationEnabled', REASON);

    const report = evaluateGuardrails([synthesizedStack(stack)], [KmsKeyRotationEnabled], suppressionsIn(app));

    expect(report.suppressed.map((f) => f.resource.path)).toEqual(['fixture/imported/key']);
    expect(report.errors.map((f) => f.resource.path)).toEqual(['fixture/own']);
    expect(summaryLine(report)).toContain(`KmsKeyRotationEnabled on fixture/imported/key ("${REASON}")`);
  });

  it('reports a suppression that no longer excuses anything', () => {
    const { app, stack } = stackWithKeys();
    const compliant = new KmsKey(stack, 'rotating', { enableKeyRotation: true });
    suppressGuardrail(compliant, 'KmsKeyRotationEnabled', REASON);

    const report = evaluateGuardrails([synthesizedStack(stack)], [KmsKeyRotationEnabled], suppressionsIn(app));

    expect(report.unusedSuppressions).toEqual([
      { path: 'fixture/rotating', ruleId: 'KmsKeyRotationEnabled', reason: REASON },
    ]);
  });

  it('refuses a rule id that does not exist', () => {
    const { imported } = stackWithKeys();

    expect(() => suppressGuardrail(imported, 'KmsRotation' as GuardrailRuleId, REASON)).toThrow(SuppressionError);
  });

  it('refuses a suppression without a real reason', () => {
    const { imported } = stackWithKeys();

    expect(() => suppressGuardrail(imported, 'KmsKeyRotationEnabled', 'n/a')).toThrow(/reason of at least/);
  });

  it('knows every rule of the pack by id', () => {
    expect(new Set(GUARDRAIL_RULES.map((rule) => rule.id)).size).toBe(GUARDRAIL_RULES.length);
  });
});
