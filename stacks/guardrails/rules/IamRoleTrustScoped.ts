import { conditionKeys, isAccountPrincipal, policiesIn, statementLabel } from '../policy';
import { compliant, defineRule, nonCompliant } from '../rule';

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
  check({ attributes }) {
    const problems = policiesIn({ assume_role_policy: attributes.assume_role_policy }).policies.flatMap(
      ({ statements }) =>
        statements.flatMap((statement, index) => {
          if (statement.effect !== 'Allow' || statement.principal === '*' || !statement.principal) return [];
          const accounts = (statement.principal.AWS ?? []).filter(isAccountPrincipal);
          if (accounts.length === 0) return [];
          const narrowed = conditionKeys(statement).some((key) =>
            PRINCIPAL_NARROWING_KEYS.some((narrowing) => key.startsWith(narrowing)),
          );
          return narrowed
            ? []
            : [`${statementLabel(statement, index)} lets any principal of ${accounts.join(', ')} assume the role`];
        }),
    );
    if (problems.length === 0) return compliant;
    return nonCompliant(
      problems.join('; '),
      'list the role or user ARNs allowed to assume it, or keep the account root and add Condition: { ArnLike: { "aws:PrincipalArn": [...] } } (or aws:PrincipalTag/..., aws:MultiFactorAuthPresent)',
    );
  },
});
