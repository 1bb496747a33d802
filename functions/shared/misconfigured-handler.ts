import { type FunctionUrlEvent, type FunctionUrlResult, jsonResponse } from './http';
import type { AppLogger, LambdaContextLike } from './logger';

/**
 * The handler a function exports when its environment is invalid: the init phase does not crash (which
 * Lambda would retry and report less clearly); every request gets 500 and a log line naming what to fix.
 */
export function misconfiguredHandler(
  functionName: string,
  error: unknown,
  logger: AppLogger,
): (event: FunctionUrlEvent, context?: LambdaContextLike) => Promise<FunctionUrlResult> {
  // ConfigurationError messages name the variable and its value, never a secret (only ARNs and names are set).
  const message = error instanceof Error ? error.message : String(error);
  return async (_event, context) => {
    logger.addContext(context);
    logger.error(`${functionName} misconfigured: ${message}`, {
      outcome: 'failed',
      status: 500,
      reason: 'configuration',
    });
    return jsonResponse(500, { error: 'internal error' });
  };
}
