// The guardrails' public API: apply the pack to an app, suppress a rule on a construct, declare a function's exposure.
export { applyGuardrails, GuardrailsAspect, GuardrailsError, type GuardrailsOptions } from './apply-guardrails';
export { Attributes, type KeyKind, Link, Resource, type UnresolvedOptions, UnresolvedValue } from './attributes';
export { declareEnvironment } from './environment';
export {
  evaluateGuardrails,
  type Finding,
  type FindingKind,
  formatFinding,
  type GuardrailsReport,
  summaryLine,
} from './evaluate';
export { EXPOSURE_TAG, EXPOSURES, type Exposure } from './exposure';
export { GUARDRAIL_RULES, type GuardrailRuleId } from './pack';
export {
  compliant,
  defineRule,
  type GuardrailRule,
  nonCompliant,
  notApplicable,
  type RuleOutcome,
  type SynthesizedResource,
  unresolved,
} from './rule';
export { ACTIONS_WITHOUT_RESOURCE_SCOPE } from './rules/IamNoWildcardResources';
export { type Suppression, SuppressionError, suppressGuardrail } from './suppressions';
