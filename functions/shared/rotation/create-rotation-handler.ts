import { FunctionError } from '../errors';
import { parseRotationEvent, type RotationStep } from './event';
import type { RotationLogFields, RotationLogger } from './rotation-logger';
import type { SecretVersionStore } from './secret-versions';
import { currentVersionId, decideStep, type SecretMetadata } from './stages';

/** What every step gets: which secret and version, its metadata, and the Secrets Manager calls. */
export interface StepContext {
  readonly secretArn: string;
  readonly token: string;
  readonly metadata: SecretMetadata;
  readonly versions: SecretVersionStore;
  /** Records what the step decided, for the step's single result log line. */
  outcome(outcome: string): void;
}

/** The three steps that differ between secret types; finishSecret is the same for all. */
export interface RotationSteps {
  createSecret(ctx: StepContext): Promise<void>;
  setSecret(ctx: StepContext): Promise<void>;
  testSecret(ctx: StepContext): Promise<void>;
}

export interface RotationHandlerDeps {
  readonly versions: SecretVersionStore;
  readonly steps: RotationSteps;
  readonly logger: RotationLogger;
  /** Extra log fields for an error, e.g. the SQLSTATE of a database error. */
  readonly errorFields?: (error: unknown) => Pick<RotationLogFields, 'sqlState'>;
  readonly now?: () => number;
}

export type RotationHandler = (event: unknown) => Promise<void>;

/**
 * finishSecret: moves AWSCURRENT to the token, taking it from the version that holds it now. If the token
 * already holds it (a retry after success) there is nothing to do.
 */
export async function finishSecret(ctx: StepContext): Promise<void> {
  const from = currentVersionId(ctx.metadata.versions);
  await ctx.versions.markCurrent(ctx.secretArn, ctx.token, from);
  ctx.outcome(from === undefined ? 'first_value_current' : 'current_moved');
}

/**
 * A Secrets Manager rotation function: the four-step protocol of AWS's rotation templates. Before each step
 * it checks, from DescribeSecret, that rotation is enabled and that the token is the AWSPENDING version;
 * a token already AWSCURRENT ends the step early. Every step is idempotent, so Secrets Manager may retry any
 * of them. Errors are logged (class and SQLSTATE, never a value) and rethrown so the step fails visibly.
 */
export function createRotationHandler(deps: RotationHandlerDeps): RotationHandler {
  const now = deps.now ?? Date.now;
  return async (rawEvent) => {
    const started = now();
    let step: RotationStep | undefined;
    let secretArn: string | undefined;
    let token: string | undefined;
    let outcome = 'done';
    try {
      const event = parseRotationEvent(rawEvent);
      step = event.Step;
      secretArn = event.SecretId;
      token = event.ClientRequestToken;
      deps.logger.info('rotation step started', { step, secretArn, versionId: token });
      const metadata = await deps.versions.describe(event.SecretId);
      secretArn = metadata.arn;
      if (decideStep(metadata, token) === 'already-current') {
        outcome = 'already_current';
      } else {
        const ctx: StepContext = {
          secretArn,
          token,
          metadata,
          versions: deps.versions,
          outcome: (value) => {
            outcome = value;
          },
        };
        await (step === 'finishSecret' ? finishSecret(ctx) : deps.steps[step](ctx));
      }
      deps.logger.info('rotation step finished', {
        step,
        secretArn,
        versionId: token,
        outcome,
        durationMs: now() - started,
      });
    } catch (error) {
      deps.logger.error('rotation step failed', {
        step,
        secretArn,
        versionId: token,
        outcome: 'failed',
        errorName: error instanceof Error ? error.name : typeof error,
        // Only our own errors' messages are safe to log: an SDK or driver message could quote input.
        ...(error instanceof FunctionError ? { errorMessage: error.message } : {}),
        ...deps.errorFields?.(error),
        durationMs: now() - started,
      });
      throw error;
    }
  };
}
