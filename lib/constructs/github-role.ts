import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { DELIVERY_IAM_PATH } from '../config/delivery';
import { githubTrustStatement } from './github-oidc';
import { type PolicyStatement, policyDocument } from './policy-document';
import { IAM_POLICY_LIMITS, MANAGED_POLICIES_PER_ROLE, type PolicySize, policySize } from './policy-size';

/** Props of a role GitHub Actions assumes through OIDC. */
export interface GitHubRoleProps {
  /** Role name; the role lives under the IAM path /delivery/, out of reach of the deploy roles. */
  readonly name: string;
  /** What the role is for, shown in the IAM console. */
  readonly description: string;
  /** ARN of the account's GitHub OIDC provider. */
  readonly providerArn: string;
  /** The exact `sub` claim allowed (see githubSubject). */
  readonly subject: string;
  /** Name of the role's permissions boundary policy (created here, same path). */
  readonly boundaryName: string;
  /** Statements of the role's permissions boundary: the ceiling its own policy cannot exceed. */
  readonly boundaryStatements: readonly PolicyStatement[];
  /** The role's own permissions: managed policies under the same path, as many as IAM's size limit needs. */
  readonly statements: readonly PolicyStatement[];
  /** Longest session a job can ask for, in seconds. @default 3600 */
  readonly maxSessionSeconds?: number;
  /** The file that writes `boundaryStatements`, named when the boundary outgrows IAM's limit. */
  readonly boundarySource: string;
  /** Resolved lengths of the cdktf tokens in the statements (e.g. the state key's ARN), for counting their size. */
  readonly referenceLengths: Readonly<Record<string, number>>;
  /** The files that write `statements`, by statement Sid, named when a policy outgrows IAM's limit. */
  readonly statementSource: (statements: readonly PolicyStatement[]) => string;
}

/**
 * Characters (as IAM counts them, references resolved) one of the role's managed policies takes before the next one
 * starts: half of IAM's limit, so a policy keeps room for what a team adds to an entry before synth has to split it.
 */
const POLICY_CHUNK_CHARACTERS = IAM_POLICY_LIMITS.managed / 2;

/** `statements` in consecutive groups whose documents stay within `limit` characters of `sizeOf`. */
export function chunkStatements(
  statements: readonly PolicyStatement[],
  limit: number,
  sizeOf: (statements: readonly PolicyStatement[]) => number,
): PolicyStatement[][] {
  const chunks: PolicyStatement[][] = [];
  let current: PolicyStatement[] = [];
  for (const statement of statements) {
    const candidate = [...current, statement];
    if (current.length > 0 && sizeOf(candidate) > limit) {
      chunks.push(current);
      current = [statement];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** An IAM role only one kind of GitHub Actions job can assume, with its own boundary and managed policies. */
export class GitHubRole extends Construct {
  readonly role: IamRole;
  readonly boundary: IamPolicy;
  readonly policies: readonly IamPolicy[];
  /** Size of the boundary and of each managed policy as IAM will count them, and how many policies it has. */
  readonly sizes: readonly PolicySize[];

  constructor(scope: Construct, id: string, props: GitHubRoleProps) {
    super(scope, id);
    this.boundary = new IamPolicy(this, 'boundary', {
      name: props.boundaryName,
      path: DELIVERY_IAM_PATH,
      description: `Permissions boundary of ${props.name}`,
      policy: policyDocument(props.boundaryStatements),
    });
    this.role = new IamRole(this, 'role', {
      name: props.name,
      path: DELIVERY_IAM_PATH,
      description: props.description,
      permissionsBoundary: this.boundary.arn,
      maxSessionDuration: props.maxSessionSeconds ?? 3600,
      assumeRolePolicy: policyDocument([githubTrustStatement(props.providerArn, props.subject)]),
    });
    // Managed policies rather than one inline policy: a role's inline policies share 10,240 characters, which the
    // deploy permissions of a larger app outgrow; up to 10 managed policies of 6,144 can be attached.
    const sizeOf = (statements: readonly PolicyStatement[]) =>
      policySize(policyDocument(statements), props.referenceLengths);
    const chunks = chunkStatements(props.statements, POLICY_CHUNK_CHARACTERS, sizeOf);
    this.sizes = [
      {
        name: props.boundaryName,
        size: sizeOf(props.boundaryStatements),
        limit: IAM_POLICY_LIMITS.managed,
        source: props.boundarySource,
      },
      ...chunks.map((chunk, index) => ({
        name: `${props.name}-${index + 1}`,
        size: sizeOf(chunk),
        limit: IAM_POLICY_LIMITS.managed,
        source: props.statementSource(chunk),
      })),
      {
        name: props.name,
        size: chunks.length,
        limit: MANAGED_POLICIES_PER_ROLE,
        unit: 'managed policies' as const,
        source: props.statementSource(props.statements),
      },
    ];
    this.policies = chunks.map((chunk, index) => {
      const policy = new IamPolicy(this, `policy-${index + 1}`, {
        name: `${props.name}-${index + 1}`,
        path: DELIVERY_IAM_PATH,
        description: `Permissions of ${props.name} (part ${index + 1})`,
        policy: policyDocument(chunk),
      });
      new IamRolePolicyAttachment(this, `attachment-${index + 1}`, { role: this.role.name, policyArn: policy.arn });
      return policy;
    });
  }
}
