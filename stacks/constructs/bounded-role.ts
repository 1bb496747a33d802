import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { type PolicyConditions, type PolicyStatement, policyDocument } from './policy-document';

/** Props of a role that always carries the environment's permissions boundary. */
export interface BoundedRoleProps {
  /** Role name; keep the `<project>-<env>-` prefix so the key policy and boundary patterns match. */
  readonly name: string;
  readonly description: string;
  /** Service principal allowed to assume the role, e.g. lambda.amazonaws.com. */
  readonly assumedBy: { readonly service: string } | { readonly awsPrincipals: readonly string[] };
  /** Conditions on the trust statement (aws:SourceAccount, aws:SourceArn, ...). @default none */
  readonly trustConditions?: PolicyConditions;
  /** ARN of the permissions boundary policy. */
  readonly permissionsBoundaryArn: string;
  /** The role's own inline policy. */
  readonly statements: readonly PolicyStatement[];
}

/** An IAM role with a scoped trust policy, the permissions boundary and one inline least-privilege policy. */
export class BoundedRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: BoundedRoleProps) {
    super(scope, id);
    const principal =
      'service' in props.assumedBy ? { Service: props.assumedBy.service } : { AWS: [...props.assumedBy.awsPrincipals] };
    this.role = new IamRole(this, 'role', {
      name: props.name,
      description: props.description,
      permissionsBoundary: props.permissionsBoundaryArn,
      maxSessionDuration: 3600,
      assumeRolePolicy: policyDocument([
        {
          Sid: 'TrustedPrincipalAssumesRole',
          Principal: principal,
          Action: 'sts:AssumeRole',
          Condition: props.trustConditions,
        },
      ]),
    });
    new IamRolePolicy(this, 'policy', {
      name: 'least-privilege',
      role: this.role.name,
      policy: policyDocument(props.statements),
    });
  }
}
