import { compliant, defineRule, nonCompliant, notApplicable } from '../rule';

/** Symmetric customer keys rotate automatically (asymmetric and HMAC keys cannot). */
export const KmsKeyRotationEnabled = defineRule({
  id: 'KmsKeyRotationEnabled',
  severity: 'error',
  resourceTypes: ['aws_kms_key'],
  enforces: 'every customer-managed key rotates automatically',
  fix: 'set enableKeyRotation: true on the KmsKey (rotationPeriodInDays 90-2560, default 365)',
  check(key) {
    // An unresolved spec could be SYMMETRIC_DEFAULT, and then the key must rotate: not knowing is not "not applicable".
    if ((key.value('customer_master_key_spec') ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT') return notApplicable;
    if (key.isTrue('enable_key_rotation', { fix: 'set enableKeyRotation: true (a literal) on the KmsKey' })) {
      return compliant;
    }
    return nonCompliant(
      'automatic key rotation is off',
      'set enableKeyRotation: true on the KmsKey (EnvironmentKey does; rotationPeriodInDays defaults to 365)',
    );
  },
});
