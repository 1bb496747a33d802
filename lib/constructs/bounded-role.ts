import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import type { HumanTrust } from '../config/types';
import { ConstructPropsError } from './construct-error';
import type { IGrantable } from './grants';
import { type PolicyConditions, type PolicyStatement, policyDocument } from './policy-document';

/** Props of a role that always carries the environment's permissions boundary. */
export interface BoundedRoleProps {
  /** Role name; keep the `<project>-<env>-` prefix so the key policy and boundary patterns match. */
  readonly name: string;
  /** What the role is for, shown in the IAM console. */
  readonly description: string;
  /** Who may assume the role: one service principal (e.g. lambda.amazonaws.com), or AWS principal ARNs. */
  readonly assumedBy: { readonly service: string } | { readonly awsPrincipals: readonly string[] };
  /** Conditions on the trust statement (aws:SourceAccount, aws:SourceArn, ...). @default none */
  readonly trustConditions?: PolicyConditions;
  /**
   * For a role people assume (AWS principals only): MFA and/or a source identity to require. The trust then also
   * allows sts:SetSourceIdentity, without which a session that carries a source identity cannot assume the role.
   * @default none (a service role, or principals that are not people)
   */
  readonly humanTrust?: HumanTrust;
  /** ARN of the permissions boundary policy. */
  readonly permissionsBoundaryArn: string;
  /**
   * The first statements of the role's inline policy; grants and `addToRolePolicy` append more later.
   * @default none (the role must be granted something before synth)
   */
  readonly statements?: readonly PolicyStatement[];
}

/**
 * An IAM role with a scoped trust policy, the permissions boundary and one inline least-privilege policy.
 * The policy is rendered at synth, so grants made after construction (`secret.grantRead(role)`) land in it.
 */
export class BoundedRole extends Construct implements IGrantable {
  readonly role: IamRole;
  /** The role's inline least-privilege policy (what a resource that checks the role's permissions depends on). */
  readonly policy: IamRolePolicy;
  /** Name of the role, known at synth (see IGrantable). */
  readonly roleName: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: BoundedRoleProps) {
    super(scope, id);
    if (props.humanTrust !== undefined && 'service' in props.assumedBy) {
      throw new ConstructPropsError(
        this,
        'humanTrust applies to roles people assume (awsPrincipals), not to a service',
      );
    }
    this.roleName = props.name;
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
          Action: props.humanTrust === undefined ? 'sts:AssumeRole' : ['sts:AssumeRole', 'sts:SetSourceIdentity'],
          Condition: withHumanTrust(props.trustConditions, props.humanTrust),
        },
      ]),
    });
    for (const statement of props.statements ?? []) this.addToRolePolicy(statement);
    this.policy = new IamRolePolicy(this, 'policy', {
      name: 'least-privilege',
      role: this.role.name,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });
    this.node.addValidation({
      validate: () =>
        this.statements.length > 0
          ? []
          : [`${this.node.path}: role ${props.name} has an empty policy, which IAM rejects: grant it what it is for`],
    });
  }

  /** The statements of the role's inline policy so far (synth-time checks read them). */
  get policyStatements(): readonly PolicyStatement[] {
    return [...this.statements];
  }

  addToRolePolicy(statement: PolicyStatement): void {
    if (!/^[A-Za-z0-9]+$/.test(statement.Sid)) {
      throw new ConstructPropsError(
        this,
        `statement id "${statement.Sid}" is not allowed: IAM takes letters and digits only (a grant's label too), e.g. ReadSigningSecret`,
      );
    }
    if (this.statements.some((existing) => existing.Sid === statement.Sid)) {
      throw new ConstructPropsError(
        this,
        `the role policy already has a statement "${statement.Sid}": give the new statement its own Sid (IAM requires unique Sids in a policy)`,
      );
    }
    this.statements.push(statement);
  }
}

/** `conditions` plus what `trust` requires: MFA on the AssumeRole request, a source identity on the session. */
export function withHumanTrust(
  conditions: PolicyConditions | undefined,
  trust: HumanTrust | undefined,
): PolicyConditions | undefined {
  const added: Record<string, Record<string, string | boolean | readonly string[]>> = {};
  if (trust?.requireMfa === true) added.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
  // Present whenever a source identity is set on this request or carried by the calling session.
  if (trust?.requireSourceIdentity === true) added.StringLike = { 'sts:SourceIdentity': '*' };
  if (Object.keys(added).length === 0) return conditions;
  const merged: Record<string, Record<string, string | boolean | readonly string[]>> = {};
  for (const source of [conditions ?? {}, added]) {
    for (const [operator, entries] of Object.entries(source)) merged[operator] = { ...merged[operator], ...entries };
  }
  return merged;
}
