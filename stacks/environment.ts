import type { Construct } from 'constructs';
import type { EnvironmentStackProps } from './environment-stack';
import { NetworkStack } from './network-stack';
import { SecurityStack } from './security-stack';

/** Every stack of one environment, in dependency order. */
export interface EnvironmentStacks {
  readonly security: SecurityStack;
  readonly network: NetworkStack;
}

/** Builds one environment: each stack gets the typed outputs of the stacks before it. */
export function buildEnvironment(scope: Construct, props: EnvironmentStackProps): EnvironmentStacks {
  const security = new SecurityStack(scope, props);
  const network = new NetworkStack(scope, { ...props, security: security.outputs });
  return { security, network };
}
