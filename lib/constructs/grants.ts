// The aws-cdk grant pattern: a construct that owns a resource knows the least-privilege statements for using it
// (`secret.grantRead(fn)`), so stacks compose grants instead of writing IAM JSON by hand.
import type { IConstruct } from 'constructs';
import type { PolicyStatement } from './policy-document';

/** A principal whose own (identity) policy a grant can add statements to: a function's role, a role. */
export interface IGrantable extends IConstruct {
  /**
   * Name of the role the statements land in, known at synth (never a token): a resource policy in another stack
   * names the role by an ARN built from it, which a cross-stack reference could not do without a cycle.
   */
  readonly roleName: string;
  /**
   * Adds `statement` to the principal's inline policy. Sids are unique per policy: adding a second statement
   * with the same Sid throws, naming both.
   */
  addToRolePolicy(statement: PolicyStatement): void;
}

/**
 * What a grant wrote, on both sides, as aws-cdk's `Grant` does: callers and synth-time checks read it instead of
 * re-deriving policies. Every `grant*` method of the template's constructs returns one.
 */
export interface Grant {
  /** The grantee the statements were added to. */
  readonly grantee: IGrantable;
  /** Statements added to the grantee's own (identity) policy, in order. */
  readonly principalStatements: readonly PolicyStatement[];
  /**
   * Principals (role ARNs or names) the grant admitted in the resource's own policy, such as a secret's reader list;
   * empty when the resource has no policy of its own to change.
   */
  readonly resourcePrincipals: readonly string[];
}

/** Adds `statements` to `grantee`'s policy and returns the Grant recording them and the resource-policy side. */
export function grantStatements(
  grantee: IGrantable,
  statements: readonly PolicyStatement[],
  resourcePrincipals: readonly string[] = [],
): Grant {
  for (const statement of statements) grantee.addToRolePolicy(statement);
  return { grantee, principalStatements: [...statements], resourcePrincipals: [...resourcePrincipals] };
}
