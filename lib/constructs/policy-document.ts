// Typed IAM policy documents, rendered with JSON.stringify. Terraform references (tokens) inside
// strings survive stringification and resolve at synth, so documents can name resources of any stack.

/** A condition block: operator -> condition key -> value(s). */
export type PolicyConditions = Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;

/** A principal block as IAM writes it. */
export type PolicyPrincipal =
  | '*'
  | Readonly<{ AWS?: string | readonly string[]; Service?: string | readonly string[]; Federated?: string }>;

/** One statement of an IAM, key, bucket or secret policy. */
export interface PolicyStatement {
  /** Statement id: say what the statement is for, e.g. AllowRotationLambdaToReadItsSecret. */
  readonly Sid: string;
  /** @default 'Allow' */
  readonly Effect?: 'Allow' | 'Deny';
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: PolicyConditions;
}

/** Renders statements as a policy document string (Version 2012-10-17). */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({ Effect: 'Allow', ...s })),
  });
}

/** ARN prefix for an account's IAM root principal. */
export function accountRoot(accountId: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:root`;
}
