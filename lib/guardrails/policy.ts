// Policy documents inside synthesized attributes: found, parsed and normalised so rules can ask
// "which statements allow what to whom" without caring whether a field was a string or a list.

import { interpolationsIn, parseResourceReference } from './references';
import { isRecord } from './values';

/** One statement with every list-or-string field as a list. */
export interface Statement {
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  /** `*` for `"Principal": "*"`; otherwise the principal block's lists (AWS, Service, Federated, CanonicalUser). */
  readonly principal: '*' | Readonly<Record<string, readonly string[]>> | undefined;
  readonly hasNotPrincipal: boolean;
  readonly actions: readonly string[];
  readonly notActions: readonly string[] | undefined;
  readonly resources: readonly string[];
  readonly notResources: readonly string[] | undefined;
  /** Operator -> condition key -> values. */
  readonly condition: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A policy document found in a resource's attributes. */
export interface FoundPolicy {
  /** Where it was, e.g. `policy`, `assume_role_policy`, `inline_policy[0].policy`. */
  readonly attribute: string;
  readonly statements: readonly Statement[];
}

/** Attribute names that always hold a policy document (so a value that is not literal JSON is a finding). */
const POLICY_ATTRIBUTES = new Set(['policy', 'assume_role_policy', 'policy_document']);

/**
 * Every policy document in `attributes`, at any depth: values of the policy attributes, and any other string
 * that parses to an object with a `Statement`. `unreadable` lists policy attributes that are not literal JSON
 * (jsonencode(), a data source, file()), which no rule can check.
 */
export function policiesIn(attributes: Readonly<Record<string, unknown>>): {
  readonly policies: FoundPolicy[];
  readonly unreadable: string[];
} {
  const policies: FoundPolicy[] = [];
  const unreadable: string[] = [];
  const visit = (value: unknown, path: string, key: string): void => {
    if (typeof value === 'string') {
      const parsed = parseDocument(value);
      if (parsed) policies.push({ attribute: path, statements: parsed });
      else if (POLICY_ATTRIBUTES.has(key) && value.trim() !== '') unreadable.push(path);
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${path}[${index}]`, key);
    } else if (isRecord(value)) {
      for (const [childKey, child] of Object.entries(value)) {
        if (childKey === '//') continue;
        visit(child, path ? `${path}.${childKey}` : childKey, childKey);
      }
    }
  };
  visit(attributes, '', '');
  return { policies, unreadable };
}

function parseDocument(text: string): Statement[] | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(document) || document.Statement === undefined) return undefined;
  const raw = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return raw.filter(isRecord).map(normaliseStatement);
}

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function normaliseStatement(raw: Record<string, unknown>): Statement {
  const principal = raw.Principal ?? raw.NotPrincipal;
  let normalised: Statement['principal'];
  if (principal === '*') normalised = '*';
  else if (isRecord(principal)) {
    normalised = Object.fromEntries(Object.entries(principal).map(([kind, value]) => [kind, list(value)]));
  }
  const condition: Record<string, Record<string, unknown>> = {};
  if (isRecord(raw.Condition)) {
    for (const [operator, entries] of Object.entries(raw.Condition)) {
      if (isRecord(entries)) condition[operator] = entries;
    }
  }
  return {
    sid: typeof raw.Sid === 'string' ? raw.Sid : undefined,
    effect: raw.Effect === 'Deny' ? 'Deny' : 'Allow',
    principal: normalised,
    hasNotPrincipal: raw.NotPrincipal !== undefined,
    actions: list(raw.Action),
    notActions: raw.NotAction === undefined ? undefined : list(raw.NotAction),
    resources: list(raw.Resource),
    notResources: raw.NotResource === undefined ? undefined : list(raw.NotResource),
    condition,
  };
}

/** Whether an IAM action pattern (`*` and `?` wildcards, case-insensitive) matches an action. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return regex.test(action);
}

/** Whether an Allow statement grants `action` (through Action, or through a NotAction that leaves it out). */
export function grants(statement: Statement, action: string): boolean {
  if (statement.effect !== 'Allow') return false;
  if (statement.notActions) return !statement.notActions.some((pattern) => actionMatches(pattern, action));
  return statement.actions.some((pattern) => actionMatches(pattern, action));
}

/** Whether a statement's principal is everyone (`*` or AWS `*`), or it uses NotPrincipal. */
export function hasWildcardPrincipal(statement: Statement): boolean {
  if (statement.hasNotPrincipal) return true;
  if (statement.principal === '*') return true;
  return statement.principal?.AWS?.includes('*') ?? false;
}

/** An account as a principal: its root ARN or the bare 12-digit id (anyone in it whom IAM policies allow). */
export function isAccountPrincipal(principal: string): boolean {
  return /^(arn:aws[\w-]*:iam::\d{12}:root|\d{12})$/.test(principal);
}

/** Every condition key the statement tests, lower-cased (IAM keys are case-insensitive). */
export function conditionKeys(statement: Statement): string[] {
  return Object.values(statement.condition).flatMap((entries) => Object.keys(entries).map((key) => key.toLowerCase()));
}

/**
 * Whether a policy value is exactly a reference to the ARN of a resource of the same stack (`${aws_iam_role.x.arn}`):
 * such a value names that one resource, never `*` or an account. Anything else with `${...}` is undecided.
 */
export function isResourceArnReference(value: string): boolean {
  const [expression] = interpolationsIn(value);
  if (expression === undefined || value !== `\${${expression}}`) return false;
  return parseResourceReference(expression)?.attribute === 'arn';
}

/** Whether a statement's string (an action, principal or resource) is or contains a Terraform expression. */
export function isExpression(text: string): boolean {
  return text.includes('${');
}

/** A short label for a statement in messages: its Sid, or its position. */
export function statementLabel(statement: Statement, index: number): string {
  return statement.sid ? `statement "${statement.sid}"` : `statement #${index + 1}`;
}
