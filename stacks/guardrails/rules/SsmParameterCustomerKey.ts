import { isAwsManagedKey, isSet } from '../attributes';
import { compliant, defineRule, nonCompliant, notApplicable } from '../rule';

/** SecureString parameters are encrypted with the environment key, not the AWS managed aws/ssm key. */
export const SsmParameterCustomerKey = defineRule({
  id: 'SsmParameterCustomerKey',
  severity: 'error',
  resourceTypes: ['aws_ssm_parameter'],
  enforces: 'SecureString parameters are encrypted with the environment customer-managed key',
  fix: 'set keyId: the environment key ARN on the SsmParameter',
  check({ attributes }) {
    if (attributes.type !== 'SecureString') return notApplicable;
    if (isSet(attributes.key_id) && !isAwsManagedKey(attributes.key_id)) return compliant;
    return nonCompliant(
      'the SecureString parameter uses the AWS managed key aws/ssm',
      'set keyId: props.security.keyArn on the SsmParameter',
    );
  },
});
