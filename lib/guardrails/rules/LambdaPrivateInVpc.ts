import { EXPOSURE_TAG, exposureOf } from '../exposure';
import { compliant, defineRule, nonCompliant, notApplicable } from '../rule';

/** Functions marked private run in the isolated subnets with a security group. */
export const LambdaPrivateInVpc = defineRule({
  id: 'LambdaPrivateInVpc',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: `functions tagged ${EXPOSURE_TAG}=private run in the VPC's isolated subnets`,
  fix: 'set vpcConfig: { subnetIds: network.isolatedSubnetIds, securityGroupIds: [network.functionSecurityGroupId] }',
  check(fn) {
    // An unresolved tag could be private, which needs the VPC: not knowing is not "not applicable".
    if (exposureOf(fn) !== 'private') return notApplicable;
    const vpc = fn.block('vpc_config');
    if (vpc?.isSet('subnet_ids') && vpc.isSet('security_group_ids')) return compliant;
    return nonCompliant(
      vpc
        ? 'the private function has a vpcConfig without subnets or security groups'
        : 'the private function has no vpcConfig',
      'pass vpc: { subnetIds: props.network.isolatedSubnetIds, securityGroupIds: [props.network.functionSecurityGroupId] } to BundledFunction',
    );
  },
});
