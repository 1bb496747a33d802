import { compliant, defineRule, nonCompliant } from '../rule';

/** Every secret has a rotation schedule in the app. */
export const SecretRotationEnabled = defineRule({
  id: 'SecretRotationEnabled',
  severity: 'error',
  resourceTypes: ['aws_secretsmanager_secret'],
  enforces: 'every secret rotates automatically',
  fix: 'add a SecretsmanagerSecretRotation for the secret with a rotation function and rotationRules (RotatedSecret does both)',
  check(secret, context) {
    const rotated = context
      .ofType('aws_secretsmanager_secret_rotation')
      .some((rotation) => context.refersTo(rotation.link('secret_id'), secret, ['name', 'arn']));
    if (rotated) return compliant;
    return nonCompliant(
      'no aws_secretsmanager_secret_rotation refers to this secret, so its value never changes',
      'create the secret with RotatedSecret (rotation function, permission and schedule), or add a SecretsmanagerSecretRotation with secretId: secret.arn',
    );
  },
});
