import { DataAwsSecretsmanagerSecret } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { SecretRotationEnabled } from '../../../../lib/guardrails/rules/SecretRotationEnabled';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

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

  it('cannot decide a secret when a rotation names its secret through a data source (it could be this one)', () => {
    const outcomes = checkRule(SecretRotationEnabled, (stack) => {
      new SecretsmanagerSecret(stack, 'secret', { name: 'acme/dev/x' });
      const found = new DataAwsSecretsmanagerSecret(stack, 'found', { name: 'acme/dev/x' });
      new SecretsmanagerSecretRotation(stack, 'rotation', {
        secretId: found.arn,
        rotationLambdaArn: ROTATION_FUNCTION,
        rotationRules: { automaticallyAfterDays: 30 },
      });
    });

    expect(outcomeOf(outcomes, 'aws_secretsmanager_secret.secret')).toEqual(
      unresolvedWith(
        /^aws_secretsmanager_secret_rotation\.rotation secret_id is "\$\{data\.aws_secretsmanager_secret\.found\.arn\}"/,
      ),
    );
  });
});
