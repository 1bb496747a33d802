import type { Construct } from 'constructs';
import type { EnvironmentStackProps } from '../lib/environment-stack';
import { AppStack } from './app-stack';
import { MonitoringStack } from './monitoring-stack';
import { NetworkStack } from './network-stack';
import { SecretsStack } from './secrets-stack';
import { SecurityStack } from './security-stack';

/** Every stack of one environment, in dependency order. */
export interface EnvironmentStacks {
  readonly security: SecurityStack;
  readonly network: NetworkStack;
  readonly secrets: SecretsStack;
  readonly app: AppStack;
  readonly monitoring: MonitoringStack;
}

/** Builds one environment: each stack gets the typed outputs of the stacks before it. */
export function buildEnvironment(scope: Construct, props: EnvironmentStackProps): EnvironmentStacks {
  const security = new SecurityStack(scope, props);
  const network = new NetworkStack(scope, { ...props, security: security.outputs });
  const secrets = new SecretsStack(scope, { ...props, security: security.outputs, network: network.outputs });
  const app = new AppStack(scope, {
    ...props,
    security: security.outputs,
    network: network.outputs,
    secrets: secrets.outputs,
  });
  const monitoring = new MonitoringStack(scope, {
    ...props,
    security: security.outputs,
    secrets: secrets.outputs,
    app: app.outputs,
  });
  return { security, network, secrets, app, monitoring };
}
