import { Logger } from '@aws-lambda-powertools/logger';
import { PowertoolsAppLogger } from '../../../functions/shared/logger';

/**
 * A real Powertools-backed logger whose JSON lines are captured instead of printed, so tests can assert on
 * exactly what would reach CloudWatch.
 */
export function capturingLogger(): { logger: PowertoolsAppLogger; lines: () => string[]; restore: () => void } {
  const captured: string[] = [];
  const capture = (chunk: unknown): boolean => {
    captured.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  const logger = new PowertoolsAppLogger(new Logger({ serviceName: 'unit-test', logLevel: 'DEBUG' }));
  return {
    logger,
    lines: () =>
      captured
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
    },
  };
}
