// The shape every guardrail rule has: a pure function from one synthesized resource (and lookups across the app)
// to compliant / non-compliant / not applicable / unresolved. Rules never see constructs, only what Terraform
// will see, and only through the accessor (attributes.ts): reading a value the pack cannot resolve (a `${...}`
// expression known only at apply time) yields `unresolved`, which fails synth like a finding unless suppressed with a
// reason or the read says the value may pass: never a silent pass.
import type { Link, Resource, UnresolvedOptions } from './attributes';

/** How a finding affects synth: errors fail it, warnings become annotations. */
export type Severity = 'error' | 'warning';

/** One resource exactly as cdk.tf.json holds it: tokens resolved to Terraform expressions. */
export interface SynthesizedResource {
  /** Id of the stack the resource belongs to, e.g. `dev-security`. */
  readonly stack: string;
  /** Terraform resource type, e.g. `aws_kms_key`. */
  readonly type: string;
  /** Terraform name (the logical id), e.g. `key_F64E54E4`. */
  readonly name: string;
  /** `type.name`, the address in plans and state. */
  readonly address: string;
  /** Construct path, e.g. `dev-security/key/key`; suppressions match on it. */
  readonly path: string;
  /** The resource's arguments (snake_case), without cdktf's `//` metadata. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** What a rule decided about one resource. */
export type RuleOutcome =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | {
      readonly status: 'non-compliant';
      /** What is wrong, in one sentence. */
      readonly problem: string;
      /** How to fix it, in the terms of the CDKTF code (construct props), in one sentence. */
      readonly fix: string;
    }
  | {
      readonly status: 'unresolved';
      /** What the rule could not decide and why, naming the attribute and its expression, in one sentence. */
      readonly problem: string;
      /** How to make it decidable (a literal in the construct) or what to check before suppressing, in one sentence. */
      readonly fix: string;
      /**
       * The rule accepts the undecided value (e.g. a reference that can only name a resource): the outcome is
       * listed in the report but does not fail synth.
       */
      readonly mayPass: boolean;
    };

/** What a stack declares about its environment (see declareEnvironment). */
export interface EnvironmentDeclaration {
  /** Environment name, e.g. `prod`. */
  readonly name: string;
  /** Whether the environment serves production (config `production`). */
  readonly production: boolean;
}

/** Lookups across every synthesized resource of the app (rules that relate resources use them). */
export interface RuleContext {
  /** Every resource of `type` in the app. */
  ofType(type: string): readonly Resource[];
  /**
   * Whether `value` points at `target`: a Terraform reference to it (`${aws_x.name.attr}`, in its own stack or
   * through a cross-stack output), or a literal equal to one of the target's `literalAttributes` (e.g. its name).
   * A plain string is a literal the rule built (values it reads through the accessor are never expressions).
   */
  refersTo(value: Link | string, target: Resource, literalAttributes?: readonly string[]): boolean;
  /** The first resource of `type` that `value` refers to (see refersTo). */
  referenced(value: Link | string, type: string, literalAttributes?: readonly string[]): Resource | undefined;
  /** The environment the resource's stack declares, or undefined for a stack that declares none (e.g. bootstrap). */
  environmentOf(resource: Resource): EnvironmentDeclaration | undefined;
}

/** A guardrail: one security rule of the template, checked on every synth. */
export interface GuardrailRule<Id extends string = string> {
  /** Stable id, also the file name under rules/ and the id suppressions name. */
  readonly id: Id;
  readonly severity: Severity;
  /** Resource types the rule looks at; `*` for every type. */
  readonly resourceTypes: readonly string[];
  /** The seed rule it enforces: the promise of the template, in one sentence. */
  readonly enforces: string;
  /** The general fix, for RULES.md (findings carry a specific one). */
  readonly fix: string;
  /**
   * Decides one resource. It reads arguments only through the accessor (`resource.value(...)`, `isSet`, `keyKind`,
   * ...), which throws UnresolvedValue for a value the pack cannot resolve; the engine reports that as `unresolved`.
   */
  check(resource: Resource, context: RuleContext): RuleOutcome;
}

/** Declares a rule, keeping its id as a literal type (so suppressions can only name real rules). */
export function defineRule<const Id extends string>(rule: GuardrailRule<Id>): GuardrailRule<Id> {
  return rule;
}

export const compliant: RuleOutcome = { status: 'compliant' };
export const notApplicable: RuleOutcome = { status: 'not-applicable' };

export function nonCompliant(problem: string, fix: string): RuleOutcome {
  return { status: 'non-compliant', problem, fix };
}

/**
 * The rule cannot decide because `attribute` is the Terraform expression `value` (a `${...}` known only at apply
 * time). Fails synth unless `mayPass`. The accessor produces this for every value it cannot resolve; a rule returns it
 * itself only for expressions inside a value it parses (a statement of a policy document).
 */
export function unresolved(attribute: string, value: unknown, options: UnresolvedOptions = {}): RuleOutcome {
  return {
    status: 'unresolved',
    problem: `${attribute} is ${JSON.stringify(value)}, which Terraform only knows at apply time, so the rule cannot decide`,
    fix:
      options.fix ??
      `set ${attribute} to a literal value in the construct, or check the value it resolves to and suppress the rule with that reason`,
    mayPass: options.mayPass ?? false,
  };
}
