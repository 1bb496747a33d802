import { isExpression, statementLabel } from '../policy';
import { compliant, defineRule, nonCompliant, unresolved } from '../rule';

/** True for `*` and `service:*`. */
export function isWildcardAction(action: string): boolean {
  return action === '*' || /^[\w-]+:\*$/.test(action);
}

/** No Allow statement in any policy (identity, trust, key, secret, bucket, endpoint...) grants `*` or `service:*`. */
export const IamNoWildcardActions = defineRule({
  id: 'IamNoWildcardActions',
  severity: 'error',
  resourceTypes: ['*'],
  enforces: 'no policy allows "*" or "service:*" actions',
  fix: 'list the exact actions the principal needs (Deny statements may keep wildcards)',
  check(resource) {
    const policies = resource.policies().policies;
    const problems = policies.flatMap(({ attribute, statements }) =>
      statements.flatMap((statement, index) => {
        if (statement.effect !== 'Allow') return [];
        const label = `${attribute} ${statementLabel(statement, index)}`;
        if (statement.notActions)
          return [`${label} allows everything except NotAction ${statement.notActions.join(', ')}`];
        const wildcards = statement.actions.filter(isWildcardAction);
        return wildcards.length > 0 ? [`${label} allows ${wildcards.map((a) => `"${a}"`).join(', ')}`] : [];
      }),
    );
    // An action given as an expression could be "*".
    const [undecided] = policies.flatMap(({ attribute, statements }) =>
      statements.flatMap((statement, index) =>
        statement.effect === 'Allow' && [...statement.actions, ...(statement.notActions ?? [])].some(isExpression)
          ? [{ where: `${attribute} ${statementLabel(statement, index)} Action`, value: statement.actions }]
          : [],
      ),
    );
    if (problems.length === 0 && undecided) return unresolved(undecided.where, undecided.value);
    if (problems.length === 0) return compliant;
    return nonCompliant(
      problems.join('; '),
      'replace the wildcard with the exact actions needed, e.g. Action: ["secretsmanager:GetSecretValue"]',
    );
  },
});
