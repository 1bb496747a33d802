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

/**
 * A library function that builds part of a construct (a subnet layout, a policy) was given a value it cannot use.
 * It has no construct path of its own: the construct that called it rethrows it as a ConstructPropsError.
 */
export class ConstructInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConstructInputError';
  }
}

/** Runs `build`, turning a ConstructInputError into a ConstructPropsError that names `scope`. */
export function withConstructPath<T>(scope: IConstruct, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConstructInputError) throw new ConstructPropsError(scope, error.message);
    throw error;
  }
}
