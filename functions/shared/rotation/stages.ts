import { RotationNotEnabledError, VersionNotPendingError, VersionNotStagedError } from './errors';

/** Version ids mapped to their staging labels, as DescribeSecret returns them. */
export type VersionStages = Readonly<Record<string, readonly string[]>>;

/** The parts of DescribeSecret the rotation protocol reads. */
export interface SecretMetadata {
  readonly arn: string;
  readonly rotationEnabled: boolean;
  readonly versions: VersionStages;
}

/** What a step does with its token: work on it, or nothing because that version is already current. */
export type StepDecision = 'run' | 'already-current';

/**
 * The checks AWS's rotation templates make before every step: rotation is enabled, the token is a version
 * with a staging label, and that label is AWSPENDING. A token that is already AWSCURRENT means the rotation
 * finished (a retried or late invocation), so there is nothing to do.
 */
export function decideStep(metadata: SecretMetadata, token: string): StepDecision {
  if (!metadata.rotationEnabled) {
    throw new RotationNotEnabledError(`secret ${metadata.arn} is not enabled for rotation`);
  }
  const stages = metadata.versions[token];
  if (stages === undefined || stages.length === 0) {
    throw new VersionNotStagedError(`secret version ${token} has no stage for rotation of secret ${metadata.arn}`);
  }
  if (stages.includes('AWSCURRENT')) return 'already-current';
  if (!stages.includes('AWSPENDING')) {
    throw new VersionNotPendingError(
      `secret version ${token} is not AWSPENDING for rotation of secret ${metadata.arn}`,
    );
  }
  return 'run';
}

/** The version that holds AWSCURRENT, if any (a secret that never had a value has none). */
export function currentVersionId(versions: VersionStages): string | undefined {
  return Object.entries(versions).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
}
