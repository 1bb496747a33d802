import {
  conditionKeys,
  isAccountPrincipal,
  isExpression,
  isResourceArnReference,
  type Statement,
  statementLabel,
} from '../policy';
import { compliant, defineRule, nonCompliant, unresolved } from '../rule';

/** Condition keys that narrow "anyone in that account" to particular principals. */
export const PRINCIPAL_NARROWING_KEYS = [
  'aws:principalarn',
  'aws:multifactorauthpresent',
  'aws:principaltag/',
  'aws:principalorgpaths',
  'aws:userid',
  'sts:externalid',
];

/** A role trusted by a whole account names which principals of that account may assume it. */
export const IamRoleTrustScoped = defineRule({
  id: 'IamRoleTrustScoped',
  severity: 'error',
  resourceTypes: ['aws_iam_role'],
  enforces: 'a role that trusts an account root narrows who in that account may assume it',
  fix: 'trust the exact role or user ARNs, or add a condition on aws:PrincipalArn, aws:PrincipalTag/..., aws:MultiFactorAuthPresent or sts:ExternalId',
  check(role) {
    const trust = role.policies().policies.filter((policy) => policy.attribute === 'assume_role_policy');
    const unnarrowed = (statement: Statement) =>
      statement.effect === 'Allow' &&
      statement.principal !== '*' &&
      statement.principal !== undefined &&
      !conditionKeys(statement).some((key) => PRINCIPAL_NARROWING_KEYS.some((narrowing) => key.startsWith(narrowing)));
    const awsPrincipals = (statement: Statement) =>
      statement.principal === '*' || !statement.principal ? [] : (statement.principal.AWS ?? []);
    const problems = trust.flatMap(({ statements }) =>
      statements.flatMap((statement, index) => {
        const accounts = awsPrincipals(statement).filter(isAccountPrincipal);
        if (!unnarrowed(statement) || accounts.length === 0) return [];
        return [`${statementLabel(statement, index)} lets any principal of ${accounts.join(', ')} assume the role`];
      }),
    );
    // A principal given as an expression could be an account root.
    const [undecided] = trust.flatMap(({ statements }) =>
      statements.flatMap((statement, index) => {
        const expressions = awsPrincipals(statement).filter((p) => isExpression(p) && !isResourceArnReference(p));
        if (!unnarrowed(statement) || expressions.length === 0) return [];
        return [{ where: `assume_role_policy ${statementLabel(statement, index)} Principal.AWS`, value: expressions }];
      }),
    );
    if (problems.length === 0 && undecided) {
      return unresolved(undecided.where, undecided.value, {
        fix: 'name the principals with literal ARNs, or add a condition on aws:PrincipalArn so any account root is narrowed',
      });
    }
    if (problems.length === 0) return compliant;
    return nonCompliant(
      problems.join('; '),
      'list the role or user ARNs allowed to assume it, or keep the account root and add Condition: { ArnLike: { "aws:PrincipalArn": [...] } } (or aws:PrincipalTag/..., aws:MultiFactorAuthPresent)',
    );
  },
});
