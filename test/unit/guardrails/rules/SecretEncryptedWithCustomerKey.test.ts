import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretEncryptedWithCustomerKey } from '../../../../stacks/guardrails/rules/SecretEncryptedWithCustomerKey';
import { checkRule, KEY_ARN, nonCompliantWith, outcomeOf } from '../fixture';

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
});
