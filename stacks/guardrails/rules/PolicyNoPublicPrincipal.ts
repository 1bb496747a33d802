import { conditionKeys, hasWildcardPrincipal, policiesIn, statementLabel } from '../policy';
import { compliant, defineRule, nonCompliant } from '../rule';

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
  check({ attributes }) {
    const problems = policiesIn(attributes).policies.flatMap(({ attribute, statements }) =>
      statements.flatMap((statement, index) => {
        if (statement.effect !== 'Allow' || !hasWildcardPrincipal(statement)) return [];
        const scoped = conditionKeys(statement).some((key) => PRINCIPAL_SCOPING_KEYS.includes(key));
        if (scoped) return [];
        return [
          `${attribute} ${statementLabel(statement, index)} allows ${statement.hasNotPrincipal ? 'everyone but NotPrincipal' : 'any principal (*)'} without an account, organisation or source condition`,
        ];
      }),
    );
    if (problems.length === 0) return compliant;
    return nonCompliant(
      problems.join('; '),
      'name the principals, or add Condition: { StringEquals: { "aws:PrincipalAccount": accountId } } (as the endpoint policies do)',
    );
  },
});
