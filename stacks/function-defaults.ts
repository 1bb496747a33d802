import type { BundledFunctionProps } from './constructs/bundled-function';
import type { EnvironmentStack } from './environment-stack';
import type { NetworkOutputs } from './network-stack';
import type { SecurityOutputs } from './security-stack';

/**
 * The Node.js major every function runs on. scripts/build-functions.mjs compiles for the same major
 * (`target: node24`); test/unit/node-versions.test.ts fails when the two drift apart.
 */
export const LAMBDA_NODE_MAJOR = 24;

/** The Lambda runtime identifier of {@link LAMBDA_NODE_MAJOR} (deprecated by AWS on 2028-04-30). */
export const LAMBDA_RUNTIME = `nodejs${LAMBDA_NODE_MAJOR}.x` as const;

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
