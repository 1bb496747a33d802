// How a rule reads a resource: only through this accessor, never the raw JSON. An argument may be a Terraform
// expression instead of a value. The accessor follows the references it can: a reference to a resource of the app, in
// its own stack or through another stack's output, is a value of that resource (a key ARN names a customer key; an
// ARN is set). Any other expression (a variable, a data source, a function call, an output that leads to no resource
// of the app) has no value at synth time, and reading it throws UnresolvedValue. The engine turns that into an
// `unresolved` finding of the rule, an error unless suppressed with a reason, so the decision is made once, here,
// for every rule, and no rule can pass such a value by forgetting to check (as cdk-nag's resolveIfPrimitive and its
// validation failures work).
import { type FoundPolicy, policiesIn } from './policy';
import { replaceInterpolations } from './references';
import { containsExpression, isRecord, namesAwsManagedKey } from './values';

/** A value with no expression in it, as Terraform JSON holds it. */
export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [key: string]: Literal };

/** Options for reading a value that may turn out to be unresolved. */
export interface UnresolvedOptions {
  /** How to make the value decidable. @default set it to a literal in the construct, or check it and suppress */
  readonly fix?: string;
  /**
   * Accept the undecided value instead of failing synth, because the rule only needs it to be set (say why in a
   * comment): it is listed as "unresolved passed" in the summary. @default false
   */
  readonly mayPass?: boolean;
}

/** Thrown by the accessor when a rule reads a value the pack cannot resolve; the engine reports it as `unresolved`. */
export class UnresolvedValue extends Error {
  override readonly name = 'UnresolvedValue';

  constructor(
    /** Address of the resource the value belongs to (the checked one, or one a lookup led to). */
    readonly address: string,
    /** Where the value is, e.g. `tracing_config[0].mode`. */
    readonly attribute: string,
    readonly value: unknown,
    readonly options: UnresolvedOptions = {},
  ) {
    super(`${address} ${attribute} is ${JSON.stringify(value)}, which the guardrails cannot resolve at synth time`);
  }
}

/** Follows a reference (a whole `${...}` value) written in one stack to the resource of the app it names. */
export type ReferenceResolver = (text: string) => { readonly type: string; readonly address: string } | undefined;

/**
 * A value that names another resource (an ARN, a name, a reference), for RuleContext.refersTo and referenced only:
 * a rule compares it with resources of the app and never reads it as a value.
 */
export class Link {
  readonly #value: unknown;

  constructor(
    /** The stack the value is written in (same-stack references are relative to it). */
    readonly stack: string,
    value: unknown,
  ) {
    this.#value = value;
  }

  /** The value as written, for the engine's lookups (synthesized-stack.ts); rules never read it. */
  static rawValue(link: Link): unknown {
    return link.#value;
  }
}

/** Where a value comes from: its resource, the stack references are resolved in, and its position in the resource. */
interface Origin {
  readonly address: string;
  readonly stack: string;
  readonly resolve: ReferenceResolver;
}

/** Whether a KMS key argument is unset, an AWS managed key (`alias/aws/...`) or a key of the customer. */
export type KeyKind = 'none' | 'aws-managed' | 'customer';

/** Resource types whose ARN, id or name always names a customer-managed key. */
const CUSTOMER_KEY_TYPES = ['aws_kms_key', 'aws_kms_alias', 'aws_kms_replica_key', 'aws_kms_external_key'];

/** One resource's arguments, or one nested block of them. */
export class Attributes {
  readonly #raw: Readonly<Record<string, unknown>>;
  readonly #origin: Origin;
  readonly #at: string;

  protected constructor(raw: Readonly<Record<string, unknown>>, origin: Origin, at: string) {
    this.#raw = raw;
    this.#origin = origin;
    this.#at = at;
  }

  /** The attribute's position in messages, e.g. `vpc_config[0].subnet_ids`. */
  protected where(name: string): string {
    return this.#at ? `${this.#at}.${name}` : name;
  }

  protected unresolved(name: string, value: unknown, options?: UnresolvedOptions): UnresolvedValue {
    return new UnresolvedValue(this.#origin.address, this.where(name), value, options);
  }

  /** The literal value of `name` (undefined when unset); throws UnresolvedValue when any part is an expression. */
  value(name: string, options?: UnresolvedOptions): Literal | undefined {
    const value = this.#raw[name];
    if (containsExpression(value)) throw this.unresolved(name, value, options);
    return value as Literal | undefined;
  }

  /** A string or list-of-strings argument as a list; throws UnresolvedValue when an element is an expression. */
  strings(name: string, options?: UnresolvedOptions): string[] {
    const value = this.value(name, options);
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    return [];
  }

  /** Whether a boolean argument is literally true (Terraform JSON also accepts "true"). */
  isTrue(name: string, options?: UnresolvedOptions): boolean {
    const value = this.value(name, options);
    return value === true || value === 'true';
  }

  /** Whether a boolean argument is literally false (Terraform JSON also accepts "false"). */
  isFalse(name: string, options?: UnresolvedOptions): boolean {
    const value = this.value(name, options);
    return value === false || value === 'false';
  }

  /**
   * Whether the argument has a value: a non-empty literal, a list or block, or an expression that is certainly set
   * (literal text around it, or a reference to a resource of the app). Throws UnresolvedValue for an expression that
   * may be null or empty (a variable, a data source, a function call).
   */
  isSet(name: string, options?: UnresolvedOptions): boolean {
    const value = this.#raw[name];
    const set = (item: unknown): boolean | 'unresolved' => {
      if (item === undefined || item === null) return false;
      if (isRecord(item)) return Object.keys(item).length > 0;
      if (typeof item !== 'string') return true;
      if (!item.includes('${')) return item.trim() !== '';
      if (replaceInterpolations(item, () => '').trim() !== '' || this.#origin.resolve(item)) return true;
      return 'unresolved';
    };
    // A list is set when one element certainly is; a list of expressions that may all be empty is undecided.
    const answers = Array.isArray(value) ? value.map(set) : [set(value)];
    if (answers.includes(true)) return true;
    if (answers.includes('unresolved')) throw this.unresolved(name, value, options);
    return false;
  }

  /**
   * Which kind of KMS key the argument names. A reference to a key or alias of the app is a customer key; a literal
   * `alias/aws/...` is AWS managed; any other expression (a data source could be `alias/aws/...`) throws UnresolvedValue.
   */
  keyKind(name: string, options?: UnresolvedOptions): KeyKind {
    const value = this.#raw[name];
    if (value === undefined || value === null || value === '') return 'none';
    if (typeof value !== 'string') throw this.unresolved(name, value, options);
    if (namesAwsManagedKey(replaceInterpolations(value, () => ''))) return 'aws-managed';
    if (!value.includes('${')) return 'customer';
    const target = this.#origin.resolve(value);
    if (target && CUSTOMER_KEY_TYPES.includes(target.type)) return 'customer';
    throw this.unresolved(name, value, {
      fix:
        options?.fix ??
        `pass the environment key (SecurityOutputs.keyArn, or a KmsKey of the app) so ${this.where(name)} leads to a customer key the guardrails can see, or check the key it resolves to and suppress the rule with that reason`,
      mayPass: options?.mayPass,
    });
  }

  /** The nested blocks of `name`; throws UnresolvedValue when they are an expression (e.g. a dynamic block). */
  blocks(name: string, options?: UnresolvedOptions): Attributes[] {
    const value = this.#raw[name];
    if (typeof value === 'string' && value.includes('${')) throw this.unresolved(name, value, options);
    if (Array.isArray(value)) {
      return value.flatMap((block, index) =>
        isRecord(block) ? [new Attributes(block, this.#origin, `${this.where(name)}[${index}]`)] : [],
      );
    }
    return isRecord(value) ? [new Attributes(value, this.#origin, this.where(name))] : [];
  }

  /** The first nested block of `name`, if any (see blocks). */
  block(name: string, options?: UnresolvedOptions): Attributes | undefined {
    return this.blocks(name, options)[0];
  }

  /** A resource tag (the provider's default tags are not part of the resource and never count). */
  tag(key: string, options?: UnresolvedOptions): string | undefined {
    const tags = this.#raw.tags;
    if (typeof tags === 'string' && tags.includes('${')) throw this.unresolved('tags', tags, options);
    if (!isRecord(tags)) return undefined;
    const value = tags[key];
    if (containsExpression(value)) throw this.unresolved(`tags.${key}`, value, options);
    return typeof value === 'string' ? value : undefined;
  }

  /** The argument as a link to another resource (for RuleContext.refersTo and referenced). */
  link(name: string): Link {
    return new Link(this.#origin.stack, this.#raw[name]);
  }

  /**
   * The argument as a link that certainly names what it names: a literal, or a whole reference to a resource of the
   * app. Throws UnresolvedValue for any other expression (a data source could name any resource, the checked one too).
   */
  resolvedLink(name: string, options?: UnresolvedOptions): Link {
    const value = this.#raw[name];
    const resolved = !containsExpression(value) || (typeof value === 'string' && this.#origin.resolve(value));
    if (!resolved) throw this.unresolved(name, value, options);
    return this.link(name);
  }

  /**
   * Every policy document in the arguments (see policiesIn). Statements keep Terraform expressions in their strings:
   * a policy rule decides which of them matter and returns `unresolved` for those.
   */
  policies(): { readonly policies: FoundPolicy[]; readonly unreadable: string[] } {
    return policiesIn(this.#raw);
  }
}

/** One synthesized resource as a rule sees it: who it is, and its arguments through the accessor. */
export class Resource extends Attributes {
  /** Id of the stack the resource belongs to, e.g. `dev-security`. */
  readonly stack: string;
  /** Terraform resource type, e.g. `aws_kms_key`. */
  readonly type: string;
  /** Terraform name (the logical id). */
  readonly name: string;
  /** `type.name`, the address in plans and state. */
  readonly address: string;
  /** Construct path; suppressions match on it. */
  readonly path: string;

  constructor(
    identity: Pick<Resource, 'stack' | 'type' | 'name' | 'address' | 'path'>,
    raw: Readonly<Record<string, unknown>>,
    resolve: ReferenceResolver,
  ) {
    super(raw, { address: identity.address, stack: identity.stack, resolve }, '');
    this.stack = identity.stack;
    this.type = identity.type;
    this.name = identity.name;
    this.address = identity.address;
    this.path = identity.path;
  }
}
