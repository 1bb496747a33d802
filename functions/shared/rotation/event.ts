import { InvalidRotationEventError } from './errors';

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** What Secrets Manager sends the rotation function for each step. */
export interface RotationEvent {
  readonly Step: RotationStep;
  /** The secret's ARN. */
  readonly SecretId: string;
  /** The version id of the new (AWSPENDING) version this rotation works on. */
  readonly ClientRequestToken: string;
}

/** Checks the event's shape; the message names the field, the event itself is never echoed. */
export function parseRotationEvent(event: unknown): RotationEvent {
  const value = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  for (const name of ['Step', 'SecretId', 'ClientRequestToken']) {
    if (typeof value[name] !== 'string' || value[name] === '') {
      throw new InvalidRotationEventError(`rotation event: "${name}" must be a non-empty string`);
    }
  }
  const step = value.Step as string;
  if (!(ROTATION_STEPS as readonly string[]).includes(step)) {
    throw new InvalidRotationEventError(`rotation event: unknown step (expected one of ${ROTATION_STEPS.join(', ')})`);
  }
  return {
    Step: step as RotationStep,
    SecretId: value.SecretId as string,
    ClientRequestToken: value.ClientRequestToken as string,
  };
}
