import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyRotationEnabled } from '../../../../lib/guardrails/rules/KmsKeyRotationEnabled';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

describe('KmsKeyRotationEnabled', () => {
  it('accepts a symmetric key with automatic rotation', () => {
    const outcomes = checkRule(KmsKeyRotationEnabled, (stack) => new KmsKey(stack, 'key', { enableKeyRotation: true }));

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual({ status: 'compliant' });
  });

  it('rejects a symmetric key without rotation and says to set enableKeyRotation', () => {
    const outcomes = checkRule(KmsKeyRotationEnabled, (stack) => new KmsKey(stack, 'key', {}));

    const outcome = outcomeOf(outcomes, 'aws_kms_key.key');
    expect(outcome).toEqual(nonCompliantWith(/rotation is off/));
    expect(outcome).toMatchObject({ fix: expect.stringContaining('enableKeyRotation: true') });
  });

  it('does not apply to asymmetric keys, which cannot rotate automatically', () => {
    const outcomes = checkRule(
      KmsKeyRotationEnabled,
      (stack) => new KmsKey(stack, 'key', { customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }),
    );

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual({ status: 'not-applicable' });
  });

  it('cannot decide a key spec that is a Terraform expression, and does not pass it', () => {
    const outcomes = checkRule(
      KmsKeyRotationEnabled,
      (stack) => new KmsKey(stack, 'key', { customerMasterKeySpec: '${var.key_spec}' }),
    );

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual(
      unresolvedWith(/customer_master_key_spec is "\$\{var\.key_spec\}"/),
    );
  });

  it('cannot decide rotation given as a Terraform expression', () => {
    const outcomes = checkRule(KmsKeyRotationEnabled, (stack) =>
      new KmsKey(stack, 'key', {}).addOverride('enable_key_rotation', '${var.rotate}'),
    );

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual(unresolvedWith(/enable_key_rotation/));
  });
});
