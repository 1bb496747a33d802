import { FunctionError } from '../shared/errors';

/** A queue message names a scheme the consumer has no handlers type for (a message not from the webhook). */
export class UnknownSchemeError extends FunctionError {}
