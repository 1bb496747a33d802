// Type-level tests of the guardrail ids, checked by `npm run typecheck` (tsc) and never run. Each line under a
// `@ts-expect-error` must fail to compile: if a change lets it compile (a type got looser), tsc reports the directive
// as unused and the type-check fails. The lines without the directive must keep compiling.
import type { IConstruct } from 'constructs';
import { GUARDRAIL_RULES, type GuardrailRuleId } from '../../lib/guardrails/pack';
import { suppressGuardrail } from '../../lib/guardrails/suppressions';

/** `true` when `T` is as wide as `string`, i.e. names no particular rule. */
type AcceptsAnyString<T> = string extends T ? true : false;

const reason = 'a reason long enough to be accepted by the runtime check';

export function suppressionsNameRealRules(scope: IConstruct): void {
  suppressGuardrail(scope, 'KmsKeyRotationEnabled', reason);
  suppressGuardrail(scope, 'LambdaPermissionScoped', reason);

  // @ts-expect-error a misspelt rule id
  suppressGuardrail(scope, 'KmsKeyRotationEnabld', reason);
  // @ts-expect-error rule ids are case-sensitive
  suppressGuardrail(scope, 'kmskeyrotationenabled', reason);
  // @ts-expect-error a string computed at run time is not known to be a rule id
  suppressGuardrail(scope, String(Date.now()), reason);
  // @ts-expect-error a suppression needs a reason
  suppressGuardrail(scope, 'KmsKeyRotationEnabled');
}

/** The id type is the union of the pack's ids, not `string`, and every rule in the pack contributes its id. */
export const idsAreALiteralUnion: AcceptsAnyString<GuardrailRuleId> = false;
export const everyRuleIdIsAnId: readonly GuardrailRuleId[] = GUARDRAIL_RULES.map((rule) => rule.id);
