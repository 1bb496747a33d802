import { compliant, defineRule, nonCompliant } from '../rule';

/** Secrets are encrypted with the environment's customer key, whose policy the template controls. */
export const SecretEncryptedWithCustomerKey = defineRule({
  id: 'SecretEncryptedWithCustomerKey',
  severity: 'error',
  resourceTypes: ['aws_secretsmanager_secret'],
  enforces: 'secrets are encrypted with the environment customer-managed key',
  fix: 'set kmsKeyId: the environment key ARN (SecurityOutputs.keyArn) on the SecretsmanagerSecret',
  check(secret) {
    const key = secret.keyKind('kms_key_id');
    if (key === 'customer') return compliant;
    return nonCompliant(
      key === 'aws-managed'
        ? `the secret uses an AWS managed key (alias/aws/...), whose policy lets any principal of the account decrypt through Secrets Manager`
        : 'the secret has no kmsKeyId, so Secrets Manager uses the AWS managed key aws/secretsmanager',
      'set kmsKeyId: props.security.keyArn (the environment key) on the SecretsmanagerSecret, as RotatedSecret does',
    );
  },
});
