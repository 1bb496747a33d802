// Which environment a stack serves. Terraform JSON does not say whether an environment is production (the provider's
// default tags carry only its name), so a stack declares it, and rules that hold production to more (point-in-time
// recovery) read it from there. A stack that declares nothing (bootstrap, github) leaves such rules undecided.
import type { IConstruct } from 'constructs';
import type { EnvironmentDeclaration } from './rule';

/** Metadata type the declaration is stored under on the stack's node. */
const ENVIRONMENT_METADATA = 'guardrails:environment';

/** Records on `stack` the environment it serves, for the guardrails. EnvironmentStack calls it for every layer. */
export function declareEnvironment(stack: IConstruct, environment: EnvironmentDeclaration): void {
  stack.node.addMetadata(ENVIRONMENT_METADATA, { name: environment.name, production: environment.production });
}

/** The environment `stack` declared, if it did. */
export function declaredEnvironment(stack: IConstruct): EnvironmentDeclaration | undefined {
  const entry = stack.node.metadata.find((metadata) => metadata.type === ENVIRONMENT_METADATA);
  if (!entry) return undefined;
  const data = entry.data as EnvironmentDeclaration;
  return { name: data.name, production: data.production };
}
