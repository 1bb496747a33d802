import { conditionKeys, hasWildcardPrincipal, isExpression, isResourceArnReference, statementLabel } from '../policy';
import { compliant, defineRule, nonCompliant, unresolved } from '../rule';

/** Condition keys that limit a `*` principal to an account, organisation, source or network. */
export const PRINCIPAL_SCOPING_KEYS = [
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'kms:calleraccount',
];

/** A resource policy that allows everyone (`*`) limits it to an account, organisation, source or network. */
export const PolicyNoPublicPrincipal = defineRule({
  id: 'PolicyNoPublicPrincipal',
  severity: 'error',
  resourceTypes: ['*'],
  enforces: 'no policy allows an unconditioned wildcard principal',
  fix: 'name the principals, or add a condition on aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount/SourceArn or aws:SourceVpce',
  check(resource) {
    const policies = resource.policies().policies;
    const problems = policies.flatMap(({ attribute, statements }) =>
      statements.flatMap((statement, index) => {
        if (statement.effect !== 'Allow' || !hasWildcardPrincipal(statement)) return [];
        const scoped = conditionKeys(statement).some((key) => PRINCIPAL_SCOPING_KEYS.includes(key));
        if (scoped) return [];
        return [
          `${attribute} ${statementLabel(statement, index)} allows ${statement.hasNotPrincipal ? 'everyone but NotPrincipal' : 'any principal (*)'} without an account, organisation or source condition`,
        ];
      }),
    );
    // A principal given as an expression (other than a resource's ARN) could be "*".
    const [undecided] = policies.flatMap(({ attribute, statements }) =>
      statements.flatMap((statement, index) => {
        if (statement.effect !== 'Allow' || statement.principal === '*' || !statement.principal) return [];
        if (conditionKeys(statement).some((key) => PRINCIPAL_SCOPING_KEYS.includes(key))) return [];
        const expressions = (statement.principal.AWS ?? []).filter(
          (p) => isExpression(p) && !isResourceArnReference(p),
        );
        return expressions.length > 0
          ? [{ where: `${attribute} ${statementLabel(statement, index)} Principal.AWS`, value: expressions }]
          : [];
      }),
    );
    if (problems.length === 0 && undecided) return unresolved(undecided.where, undecided.value);
    if (problems.length === 0) return compliant;
    return nonCompliant(
      problems.join('; '),
      'name the principals, or add Condition: { StringEquals: { "aws:PrincipalAccount": accountId } } (as the endpoint policies do)',
    );
  },
});
