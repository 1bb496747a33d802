import type { BundledFunctionProps } from '../lib/constructs/bundled-function';
import type { EnvironmentStack } from '../lib/environment-stack';
import type { NetworkOutputs } from './network-stack';
import type { SecurityOutputs } from './security-stack';

/** The props every function of an environment shares: names, account, key, boundary and log retention. */
export type FunctionBasics = Pick<
  BundledFunctionProps,
  'namePrefix' | 'accountId' | 'region' | 'kmsKeyArn' | 'permissionsBoundaryArn' | 'logRetentionDays'
>;

/** What every function of `stack`'s environment gets from the environment and its security stack. */
export function functionBasics(stack: EnvironmentStack, security: SecurityOutputs): FunctionBasics {
  const { accountId, region, logRetentionDays } = stack.environment;
  return {
    namePrefix: stack.namePrefix,
    accountId,
    region,
    kmsKeyArn: security.keyArn,
    permissionsBoundaryArn: security.permissionsBoundaryArn,
    logRetentionDays,
  };
}

/** Where private functions run: the isolated subnets, with the function security group. */
export function isolatedFunctionNetwork(network: NetworkOutputs): NonNullable<BundledFunctionProps['vpc']> {
  return { subnetIds: network.isolatedSubnetIds, securityGroupIds: [network.functionSecurityGroupId] };
}
