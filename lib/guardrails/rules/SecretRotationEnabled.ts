import { compliant, defineRule, nonCompliant } from '../rule';

/** Every secret has a rotation schedule in the app. */
export const SecretRotationEnabled = defineRule({
  id: 'SecretRotationEnabled',
  severity: 'error',
  resourceTypes: ['aws_secretsmanager_secret'],
  enforces: 'every secret rotates automatically',
  fix: 'add a SecretsmanagerSecretRotation for the secret with a rotation function and rotationRules (RotatedSecret does both)',
  check(secret, context) {
    const rotations = context.ofType('aws_secretsmanager_secret_rotation');
    if (rotations.some((rotation) => context.refersTo(rotation.link('secret_id'), secret, ['name', 'arn']))) {
      return compliant;
    }
    // A rotation whose secret the pack cannot tell (a data source, a variable) could be this secret's.
    for (const rotation of rotations) rotation.resolvedLink('secret_id');
    return nonCompliant(
      'no aws_secretsmanager_secret_rotation refers to this secret, so its value never changes',
      'create the secret with RotatedSecret (rotation function, permission and schedule), or add a SecretsmanagerSecretRotation with secretId: secret.arn',
    );
  },
});
