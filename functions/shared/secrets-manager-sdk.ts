import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerReader } from './secret-cache';

/** The SecretCache's reader over the SDK's Secrets Manager client (functions that load the SDK anyway). */
export function sdkSecretsReader(client: Pick<SecretsManagerClient, 'send'>): SecretsManagerReader {
  return {
    getSecretValue: async (input) => client.send(new GetSecretValueCommand(input)),
  };
}
