// `npm run webhook-secret -- <env> revoke-previous` on a rotating secret (a GitHub hook): moto cannot run a
// rotation function, so a fake Secrets Manager stands in for "a rotation is in flight" (the wire cases are in
// test/integration/secret-revocation.test.ts).
import type { EnvironmentConfig } from '../../../lib/config/types';
import { validateProject } from '../../../lib/config/validate';
import { runWebhookSecret, type SecretsManagerLike, STALE_PENDING_AFTER_MS } from '../../../ops/webhook-secret';
import { allFeatures } from '../../fixtures';

const NOW_MS = 1_760_000_000_000;
const environment = validateProject(allFeatures.project).environments.find(
  (e) => e.webhook.githubHook !== undefined,
) as EnvironmentConfig;

function rotatingSecret(pendingCreatedAtMs: number) {
  const sent: Array<{ command: string; input: unknown }> = [];
  const client = {
    async send(command: { constructor: { name: string }; input: unknown }) {
      sent.push({ command: command.constructor.name, input: command.input });
      switch (command.constructor.name) {
        case 'DescribeSecretCommand':
          return {
            RotationEnabled: true,
            VersionIdsToStages: { v3: ['AWSPENDING'], v2: ['AWSCURRENT'], v1: ['AWSPREVIOUS'] },
          };
        case 'GetSecretValueCommand':
          return { VersionId: 'v3', CreatedDate: new Date(pendingCreatedAtMs) };
        default:
          return {};
      }
    },
  } as unknown as SecretsManagerLike;
  const run = () =>
    runWebhookSecret({
      args: { env: environment.name, command: 'revoke-previous', assumeRole: false },
      project: 'full',
      environment,
      client,
      readInput: async () => '',
      out: () => undefined,
      say: () => undefined,
      now: () => NOW_MS,
    });
  const stageChanges = () => sent.filter(({ command }) => command === 'UpdateSecretVersionStageCommand');
  return { run, stageChanges };
}

describe('revoke-previous on a rotating secret', () => {
  it('refuses while a rotation is in flight and changes nothing: the value it replaces is still AWSCURRENT', async () => {
    const { run, stageChanges } = rotatingSecret(NOW_MS - 5 * 60_000);

    await expect(run()).rejects.toThrow(/a rotation is in flight .* Nothing was changed: wait for the rotation/);

    expect(stageChanges()).toEqual([]);
  });

  it('takes AWSPREVIOUS and an AWSPENDING left by a failed rotation off', async () => {
    const { run, stageChanges } = rotatingSecret(NOW_MS - STALE_PENDING_AFTER_MS);

    await run();

    expect(stageChanges().map(({ input }) => input)).toEqual([
      { SecretId: 'full/prod/webhook-signing-secret', VersionStage: 'AWSPREVIOUS', RemoveFromVersionId: 'v1' },
      { SecretId: 'full/prod/webhook-signing-secret', VersionStage: 'AWSPENDING', RemoveFromVersionId: 'v3' },
    ]);
  });
});
