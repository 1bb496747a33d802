import { compliant, defineRule, nonCompliant, notApplicable } from '../rule';

/** SecureString parameters are encrypted with the environment key, not the AWS managed aws/ssm key. */
export const SsmParameterCustomerKey = defineRule({
  id: 'SsmParameterCustomerKey',
  severity: 'error',
  resourceTypes: ['aws_ssm_parameter'],
  enforces: 'SecureString parameters are encrypted with the environment customer-managed key',
  fix: 'set keyId: the environment key ARN on the SsmParameter',
  check(parameter) {
    // An unresolved type could be SecureString: not knowing is not "not applicable".
    if (parameter.value('type') !== 'SecureString') return notApplicable;
    if (parameter.keyKind('key_id') === 'customer') return compliant;
    return nonCompliant(
      'the SecureString parameter uses the AWS managed key aws/ssm',
      'set keyId: props.security.keyArn on the SsmParameter',
    );
  },
});
