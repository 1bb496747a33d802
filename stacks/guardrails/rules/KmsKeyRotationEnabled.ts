import { isTrue } from '../attributes';
import { compliant, defineRule, nonCompliant, notApplicable } from '../rule';

/** Symmetric customer keys rotate automatically (asymmetric and HMAC keys cannot). */
export const KmsKeyRotationEnabled = defineRule({
  id: 'KmsKeyRotationEnabled',
  severity: 'error',
  resourceTypes: ['aws_kms_key'],
  enforces: 'every customer-managed key rotates automatically',
  fix: 'set enableKeyRotation: true on the KmsKey (rotationPeriodInDays 90-2560, default 365)',
  check({ attributes }) {
    const spec = attributes.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT';
    if (spec !== 'SYMMETRIC_DEFAULT') return notApplicable;
    if (isTrue(attributes.enable_key_rotation)) return compliant;
    return nonCompliant(
      'automatic key rotation is off',
      'set enableKeyRotation: true on the KmsKey (EnvironmentKey does; rotationPeriodInDays defaults to 365)',
    );
  },
});
