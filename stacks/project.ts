import type { App } from 'cdktf';
import type { ProjectInput } from '../lib/config/validate';
import { selectEnvironments, validateProject } from '../lib/config/validate';
import { buildEnvironment, type EnvironmentStacks } from './environment';

/**
 * Validates the config and builds the stacks of the requested environments (all when `requested` is empty).
 * main.ts calls it with what it read from the outside world; tests call it with their own config.
 */
export function buildProject(app: App, input: ProjectInput, requested: readonly string[] = []): EnvironmentStacks[] {
  const config = validateProject(input);
  return selectEnvironments(config, requested).map((environment) =>
    buildEnvironment(app, { project: config.name, environment }),
  );
}
