// The message validateProject throws for an invalid config, for tests that assert on what it names.
import { ConfigError, type ProjectInput, validateProject } from '../../lib/config/validate';

/** Validates `input`, which must be invalid, and returns the ConfigError's message (every problem it lists). */
export function configProblems(input: ProjectInput): string {
  try {
    validateProject(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}
