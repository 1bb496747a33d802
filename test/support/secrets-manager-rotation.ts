// The Secrets Manager side of a rotation, modelled on top of moto so the tests can invoke the built rotation
// bundle step by step, as the service invokes the rotation Lambda.
//
// What the real service does on RotateSecret: it refuses while a previous rotation is incomplete (AWSPENDING
// on a version that is not AWSCURRENT), creates a new version id (the ClientRequestToken) that carries the
// AWSPENDING label but no value yet, records that rotation is enabled, and invokes the rotation function with
// {Step, SecretId: <ARN>, ClientRequestToken} for createSecret, setSecret, testSecret and finishSecret, stopping
// at the first step that fails (and retrying later with the same token).
//
// How moto (5.2.5, moto/secretsmanager/models.py rotate_secret) is used for that: moto would invoke the Lambda
// itself, which needs Docker. But with a RotationLambdaARN that moto's Lambda backend does not know, it first
// does the service's bookkeeping (adds the value-less AWSPENDING version for the token, enables rotation with
// the rules, records the Lambda ARN) and only then fails with ResourceNotFoundException "Resource not found for
// ARN". The model relies on exactly that and fails loudly if moto stops behaving so. Two moto differences are
// modelled here: moto does not refuse a second rotation while one is pending (it moves AWSPENDING to the new
// version), and it wrongly refuses to rotate when AWSPENDING and AWSCURRENT share a version, which is the normal
// state after a successful rotation; the model removes that leftover AWSPENDING label first, the other state
// AWS documents for a finished rotation.
import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type Step = (typeof ROTATION_STEPS)[number];

/** A well-formed ARN of a function moto has never heard of (see above). */
export const UNKNOWN_ROTATION_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:rotation-under-test';

/** What the real service answers when a rotation is started while another is incomplete. */
export class PreviousRotationIncompleteError extends Error {}

export type RotationInvoker = (event: { Step: Step; SecretId: string; ClientRequestToken: string }) => Promise<unknown>;

export class RotationService {
  constructor(private readonly client: SecretsManagerClient) {}

  /** VersionIdsToStages and RotationEnabled, as the rotation function sees them. */
  async describe(secretId: string): Promise<{ arn: string; enabled: boolean; stages: Record<string, string[]> }> {
    const out = await this.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return { arn: out.ARN ?? secretId, enabled: out.RotationEnabled === true, stages: out.VersionIdsToStages ?? {} };
  }

  /** The version id holding `stage`, if any. */
  async versionWith(secretId: string, stage: string): Promise<string | undefined> {
    const { stages } = await this.describe(secretId);
    return Object.entries(stages).find(([, labels]) => labels.includes(stage))?.[0];
  }

  /**
   * RotateSecret up to the first Lambda invocation: returns the token of the new AWSPENDING version.
   * `token` defaults to a fresh UUID, as the service makes one.
   */
  async start(secretId: string, token: string = randomUUID()): Promise<string> {
    const { stages } = await this.describe(secretId);
    const pending = Object.entries(stages).find(([, labels]) => labels.includes('AWSPENDING'));
    if (pending && !pending[1].includes('AWSCURRENT')) {
      throw new PreviousRotationIncompleteError(`a previous rotation of ${secretId} is not complete`);
    }
    if (pending) {
      await this.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: 'AWSPENDING',
          RemoveFromVersionId: pending[0],
        }),
      );
    }
    await this.rotateSecretInMoto(secretId, token);
    return token;
  }

  /**
   * The state RotateSecret leaves on a secret that has no value yet (Terraform creates secrets without a
   * version): one version, staged AWSPENDING only. moto stages nothing for a secret without versions, so the
   * model creates the secret with a placeholder, starts a rotation, and strips the placeholder's labels; the
   * placeholder stays as an unlabelled version no stage reaches. (moto cannot then move AWSCURRENT without a
   * RemoveFromVersionId: its UpdateSecretVersionStage fails with an IndexError when no version is current, so
   * finishSecret of a first value is covered by the unit tests instead.)
   */
  async startWithoutValue(name: string): Promise<{ arn: string; token: string }> {
    const created = await this.client.send(
      new CreateSecretCommand({ Name: name, SecretString: '{"placeholder":true}' }),
    );
    const arn = created.ARN ?? name;
    const placeholder = created.VersionId ?? '';
    const token = await this.start(arn);
    for (const stage of ['AWSCURRENT', 'AWSPREVIOUS']) {
      await this.client.send(
        new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: stage, RemoveFromVersionId: placeholder }),
      );
    }
    return { arn, token };
  }

  /** moto's RotateSecret without its moto-side Lambda invocation (see the comment at the top). */
  async rotateSecretInMoto(secretId: string, token: string): Promise<void> {
    try {
      await this.client.send(
        new RotateSecretCommand({
          SecretId: secretId,
          ClientRequestToken: token,
          RotationLambdaARN: UNKNOWN_ROTATION_FUNCTION_ARN,
          RotationRules: { AutomaticallyAfterDays: 30 },
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException' && /Resource not found for ARN/.test(String(error))) {
        const { stages } = await this.describe(secretId);
        if (stages[token]?.includes('AWSPENDING')) return;
      }
      throw new Error(`moto's RotateSecret no longer behaves as this model assumes: ${String(error)}`);
    }
    throw new Error(
      "moto's RotateSecret succeeded with an unknown Lambda ARN; this model assumes it fails after staging",
    );
  }

  /** One step, as the service invokes it. */
  async step(invoke: RotationInvoker, secretId: string, token: string, step: Step): Promise<void> {
    const { arn } = await this.describe(secretId);
    await invoke({ Step: step, SecretId: arn, ClientRequestToken: token });
  }

  /** Runs `steps` in order (all four by default) for `token`. */
  async steps(invoke: RotationInvoker, secretId: string, token: string, steps: readonly Step[] = ROTATION_STEPS) {
    for (const step of steps) await this.step(invoke, secretId, token, step);
  }

  /** A whole rotation: start, then the four steps. Returns the token. */
  async rotate(invoke: RotationInvoker, secretId: string): Promise<string> {
    const token = await this.start(secretId);
    await this.steps(invoke, secretId, token);
    return token;
  }
}
