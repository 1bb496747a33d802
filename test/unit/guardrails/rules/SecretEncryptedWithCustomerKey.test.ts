import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretEncryptedWithCustomerKey } from '../../../../lib/guardrails/rules/SecretEncryptedWithCustomerKey';
import { checkRule, KEY_ARN, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

describe('SecretEncryptedWithCustomerKey', () => {
  it('accepts a secret on a customer key', () => {
    const outcomes = checkRule(
      SecretEncryptedWithCustomerKey,
      (stack) => new SecretsmanagerSecret(stack, 'secret', { name: 'acme/dev/x', kmsKeyId: KEY_ARN }),
    );

    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret.secret')).toEqual({ status: 'compliant' });
  });

  it('rejects a secret without a key (the AWS managed aws/secretsmanager key)', () => {
    const outcomes = checkRule(
      SecretEncryptedWithCustomerKey,
      (stack) => new SecretsmanagerSecret(stack, 'secret', { name: 'acme/dev/x' }),
    );

    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret.secret')).toEqual(nonCompliantWith(/no kmsKeyId/));
  });

  it('rejects a secret on the AWS managed key named by alias', () => {
    const outcomes = checkRule(
      SecretEncryptedWithCustomerKey,
      (stack) =>
        new SecretsmanagerSecret(stack, 'secret', { name: 'acme/dev/x', kmsKeyId: 'alias/aws/secretsmanager' }),
    );

    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret.secret')).toEqual(nonCompliantWith(/AWS managed key/));
  });

  it('cannot decide a key from a data source (it could be alias/aws/secretsmanager)', () => {
    const outcomes = checkRule(SecretEncryptedWithCustomerKey, (stack) => {
      const key = new DataAwsKmsKey(stack, 'shared', { keyId: 'alias/shared' });
      new SecretsmanagerSecret(stack, 'secret', { name: 'acme/dev/x', kmsKeyId: key.arn });
    });

    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret.secret')).toEqual(
      unresolvedWith(/^kms_key_id is "\$\{data\.aws_kms_key\.shared\.arn\}"/),
    );
  });
});
