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
