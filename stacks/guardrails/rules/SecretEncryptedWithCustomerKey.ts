import { isAwsManagedKey, isSet } from '../attributes';
import { compliant, defineRule, nonCompliant } from '../rule';

/** Secrets are encrypted with the environment's customer key, whose policy the template controls. */
export const SecretEncryptedWithCustomerKey = defineRule({
  id: 'SecretEncryptedWithCustomerKey',
  severity: 'error',
  resourceTypes: ['aws_secretsmanager_secret'],
  enforces: 'secrets are encrypted with the environment customer-managed key',
  fix: 'set kmsKeyId: the environment key ARN (SecurityOutputs.keyArn) on the SecretsmanagerSecret',
  check({ attributes }) {
    if (isSet(attributes.kms_key_id) && !isAwsManagedKey(attributes.kms_key_id)) return compliant;
    return nonCompliant(
      isSet(attributes.kms_key_id)
        ? `the secret uses the AWS managed key ${String(attributes.kms_key_id)}, whose policy lets any principal of the account decrypt through Secrets Manager`
        : 'the secret has no kmsKeyId, so Secrets Manager uses the AWS managed key aws/secretsmanager',
      'set kmsKeyId: props.security.keyArn (the environment key) on the SecretsmanagerSecret, as RotatedSecret does',
    );
  },
});
