import { blocks, isExpression, strings } from '../attributes';
import { EXPOSURE_TAG, exposureOf, exposureTag } from '../exposure';
import { compliant, defineRule, nonCompliant, notApplicable, unresolved } from '../rule';

/** Functions marked private run in the isolated subnets with a security group. */
export const LambdaPrivateInVpc = defineRule({
  id: 'LambdaPrivateInVpc',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: `functions tagged ${EXPOSURE_TAG}=private run in the VPC's isolated subnets`,
  fix: 'set vpcConfig: { subnetIds: network.isolatedSubnetIds, securityGroupIds: [network.functionSecurityGroupId] }',
  check({ attributes }) {
    const declared = exposureTag(attributes);
    // An expression could resolve to private, which needs the VPC: not knowing is not "not applicable".
    if (isExpression(declared)) return unresolved(`tags.${EXPOSURE_TAG}`, declared);
    if (exposureOf(attributes) !== 'private') return notApplicable;
    const vpc = blocks(attributes.vpc_config)[0];
    const subnets = strings(vpc?.subnet_ids);
    const groups = strings(vpc?.security_group_ids);
    if (subnets.length > 0 && groups.length > 0) return compliant;
    return nonCompliant(
      vpc
        ? 'the private function has a vpcConfig without subnets or security groups'
        : 'the private function has no vpcConfig',
      'pass vpc: { subnetIds: props.network.isolatedSubnetIds, securityGroupIds: [props.network.functionSecurityGroupId] } to BundledFunction',
    );
  },
});
