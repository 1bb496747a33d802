import { FunctionError } from '../errors';

/**
 * Base of every error a rotation step raises on purpose. Secrets Manager sees any thrown error as a failed
 * step and retries the rotation later; AWSCURRENT is never moved by a failed step.
 */
export abstract class RotationError extends FunctionError {}

/** The event is not a Secrets Manager rotation event (missing field or unknown step). */
export class InvalidRotationEventError extends RotationError {}

/** DescribeSecret says rotation is not enabled for the secret. */
export class RotationNotEnabledError extends RotationError {}

/** The token is not a version of the secret, or a version with no staging label. */
export class VersionNotStagedError extends RotationError {}

/** The token's version is staged, but not as AWSPENDING (another rotation took over, or it was cancelled). */
export class VersionNotPendingError extends RotationError {}

/** A step needs a secret value that does not exist (e.g. no AWSCURRENT for a database credential). */
export class MissingSecretValueError extends RotationError {}

/** The pending value does not have the shape the secret needs. */
export class InvalidPendingValueError extends RotationError {}
