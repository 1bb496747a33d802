import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { DELIVERY_IAM_PATH } from '../../config/delivery';
import { githubTrustStatement } from './github-oidc';
import { type PolicyStatement, policyDocument } from './policy-document';

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
  /** The role's own inline policy. */
  readonly statements: readonly PolicyStatement[];
  /** Longest session a job can ask for, in seconds. @default 3600 */
  readonly maxSessionSeconds?: number;
}

/** An IAM role only one kind of GitHub Actions job can assume, with its own boundary and one inline policy. */
export class GitHubRole extends Construct {
  readonly role: IamRole;
  readonly boundary: IamPolicy;

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
    new IamRolePolicy(this, 'policy', {
      name: 'pipeline',
      role: this.role.name,
      policy: policyDocument(props.statements),
    });
  }
}
