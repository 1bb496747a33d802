import { isExpression, isTrue } from '../attributes';
import { compliant, defineRule, nonCompliant, notApplicable, unresolved } from '../rule';

/** Symmetric customer keys rotate automatically (asymmetric and HMAC keys cannot). */
export const KmsKeyRotationEnabled = defineRule({
  id: 'KmsKeyRotationEnabled',
  severity: 'error',
  resourceTypes: ['aws_kms_key'],
  enforces: 'every customer-managed key rotates automatically',
  fix: 'set enableKeyRotation: true on the KmsKey (rotationPeriodInDays 90-2560, default 365)',
  check({ attributes }) {
    const spec = attributes.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT';
    // An expression could be SYMMETRIC_DEFAULT, and then the key must rotate: not knowing is not "not applicable".
    if (isExpression(spec)) return unresolved('customer_master_key_spec', spec);
    if (spec !== 'SYMMETRIC_DEFAULT') return notApplicable;
    if (isTrue(attributes.enable_key_rotation)) return compliant;
    if (isExpression(attributes.enable_key_rotation)) {
      return unresolved('enable_key_rotation', attributes.enable_key_rotation, {
        fix: 'set enableKeyRotation: true (a literal) on the KmsKey',
      });
    }
    return nonCompliant(
      'automatic key rotation is off',
      'set enableKeyRotation: true on the KmsKey (EnvironmentKey does; rotationPeriodInDays defaults to 365)',
    );
  },
});
