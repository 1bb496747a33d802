// The aws-cdk grant pattern: a construct that owns a resource knows the least-privilege statements for using it
// (`secret.grantRead(fn)`), so stacks compose grants instead of writing IAM JSON by hand.
import type { PolicyStatement } from './policy-document';

/** A principal whose own (identity) policy a grant can add statements to: a function's role, a role. */
export interface IGrantable {
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
