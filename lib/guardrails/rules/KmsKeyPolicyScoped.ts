import {
  grants,
  hasWildcardPrincipal,
  isAccountPrincipal,
  isExpression,
  isResourceArnReference,
  type Statement,
  statementLabel,
} from '../policy';
import { compliant, defineRule, nonCompliant, unresolved } from '../rule';

/** Actions that yield plaintext or let someone else get it (a grant). */
const DECRYPTING_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:CreateGrant'];
function isAccountRoot(statement: Statement): boolean {
  return statement.principal !== '*' && (statement.principal?.AWS ?? []).some(isAccountPrincipal);
}

/** The key policy is explicit, never grants kms:* and never lets a bare principal decrypt. */
export const KmsKeyPolicyScoped = defineRule({
  id: 'KmsKeyPolicyScoped',
  severity: 'error',
  resourceTypes: ['aws_kms_key'],
  enforces: 'a key policy grants no kms:* and lets no wildcard or unconditioned account principal decrypt',
  fix: 'give the KmsKey an explicit policy like environmentKeyPolicy(): administration for the account root, cryptographic use only under kms:ViaService or encryption-context conditions',
  check(key) {
    if (!key.isSet('policy')) {
      return nonCompliant(
        'the key has no policy, so KMS applies its default policy, which gives the account root kms:*',
        'pass policy: policyDocument(...) with scoped statements, as EnvironmentKey does with environmentKeyPolicy()',
      );
    }
    const problems: string[] = [];
    const undecided: { where: string; value: readonly string[] }[] = [];
    for (const { statements } of key.policies().policies.filter((policy) => policy.attribute === 'policy')) {
      statements.forEach((statement, index) => {
        if (statement.effect !== 'Allow') return;
        const label = statementLabel(statement, index);
        // An action given as an expression could be kms:* or kms:Decrypt, a principal could be "*" or an account root.
        const principals = statement.principal === '*' ? [] : (statement.principal?.AWS ?? []);
        const expressions = [
          ...statement.actions,
          ...principals.filter((principal) => !isResourceArnReference(principal)),
        ].filter(isExpression);
        if (expressions.length > 0) undecided.push({ where: `policy ${label}`, value: expressions });
        if (statement.actions.some((action) => action === '*' || action.toLowerCase() === 'kms:*')) {
          problems.push(`${label} grants ${statement.actions.join(', ')}`);
        }
        const decrypting = DECRYPTING_ACTIONS.filter((action) => grants(statement, action));
        if (decrypting.length === 0) return;
        if (hasWildcardPrincipal(statement)) {
          problems.push(`${label} lets any principal (*) use ${decrypting.join(', ')}`);
        } else if (isAccountRoot(statement) && Object.keys(statement.condition).length === 0) {
          problems.push(
            `${label} grants ${decrypting.join(', ')} to the account root without a condition, so any IAM policy in the account can decrypt`,
          );
        }
      });
    }
    const [first] = undecided;
    if (problems.length === 0 && first) return unresolved(first.where, first.value);
    if (problems.length === 0) return compliant;
    return nonCompliant(
      `the key policy is too broad: ${problems.join('; ')}`,
      'list the administrative actions explicitly and grant cryptographic use only with kms:ViaService, kms:CallerAccount or kms:EncryptionContext conditions (see environmentKeyPolicy())',
    );
  },
});
