import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { SecretRotationEnabled } from '../../../../stacks/guardrails/rules/SecretRotationEnabled';
import { checkRule, nonCompliantWith, outcomeOf } from '../fixture';

const ROTATION_FUNCTION = 'arn:aws:lambda:eu-west-1:111111111111:function:acme-dev-rotate';

describe('SecretRotationEnabled', () => {
  it('accepts a secret with a rotation schedule that refers to it', () => {
    const outcomes = checkRule(SecretRotationEnabled, (stack) => {
      const secret = new SecretsmanagerSecret(stack, 'secret', { name: 'acme/dev/x' });
      new SecretsmanagerSecretRotation(stack, 'rotation', {
        secretId: secret.arn,
        rotationLambdaArn: ROTATION_FUNCTION,
        rotationRules: { automaticallyAfterDays: 30 },
      });
    });

    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret.secret')).toEqual({ status: 'compliant' });
  });

  it('rejects a secret that no rotation refers to, even when another secret rotates', () => {
    const outcomes = checkRule(SecretRotationEnabled, (stack) => {
      const rotated = new SecretsmanagerSecret(stack, 'rotated', { name: 'acme/dev/rotated' });
      new SecretsmanagerSecret(stack, 'static', { name: 'acme/dev/static' });
      new SecretsmanagerSecretRotation(stack, 'rotation', {
        secretId: rotated.arn,
        rotationLambdaArn: ROTATION_FUNCTION,
        rotationRules: { automaticallyAfterDays: 30 },
      });
    });

    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret.rotated')).toEqual({ status: 'compliant' });
    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret.static')).toEqual(nonCompliantWith(/never changes/));
  });
});
