import type { IConstruct } from 'constructs';

/**
 * A construct was given props it cannot build from. The message starts with the construct path (`dev-app/api`),
 * so the line that made the construct is easy to find, and ends with the fix.
 */
export class ConstructPropsError extends Error {
  /** Construct path of the construct that refused its props, e.g. `dev-app/api`. */
  readonly path: string;

  constructor(scope: IConstruct, message: string) {
    super(`${scope.node.path}: ${message}`);
    this.name = 'ConstructPropsError';
    this.path = scope.node.path;
  }
}
