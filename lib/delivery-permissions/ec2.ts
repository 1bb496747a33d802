// EC2: the environment's VPC. Describe calls have no resource-level permissions; Create calls authorize parent
// resources that carry no environment tag yet, and aws_default_security_group adopts an untagged resource; so
// these actions are allowed on every EC2 resource of the region (any account: interface endpoints authorize the
// AWS-owned endpoint service). Give environments that must not touch each other their own accounts.

import { arnPrefix } from '../config/regions';
import type { PermissionScope, PermissionTable, ResourcePermissions } from './types';
import { passRoleTo } from './types';

const TAGS = ['ec2:CreateTags', 'ec2:DeleteTags'];
const DESCRIBE = ['ec2:Describe*'];

/** An EC2 entry: the shared statement on the region's EC2 resources. */
function network(actions: Omit<ResourcePermissions, 'sid' | 'resources'>): ResourcePermissions {
  return {
    sid: 'ManageNetworkInEnvironmentRegion',
    resources: (scope: PermissionScope) => [`${arnPrefix(scope.region)}:ec2:${scope.region}:*:*`],
    readWithoutResource: DESCRIBE,
    tag: TAGS,
    ...actions,
  };
}

export const ec2Permissions: PermissionTable = {
  aws_vpc: network({ create: ['ec2:CreateVpc'], update: ['ec2:ModifyVpcAttribute'], delete: ['ec2:DeleteVpc'] }),
  aws_subnet: network({
    create: ['ec2:CreateSubnet'],
    update: ['ec2:ModifySubnetAttribute'],
    delete: ['ec2:DeleteSubnet'],
  }),
  aws_route_table: network({ create: ['ec2:CreateRouteTable'], delete: ['ec2:DeleteRouteTable'] }),
  aws_route_table_association: network({
    create: ['ec2:AssociateRouteTable'],
    update: ['ec2:ReplaceRouteTableAssociation'],
    delete: ['ec2:DisassociateRouteTable'],
  }),
  aws_security_group: network({
    // Creating one revokes the default allow-all egress rule.
    create: ['ec2:CreateSecurityGroup', 'ec2:RevokeSecurityGroupEgress'],
    update: ['ec2:ModifySecurityGroupRules'],
    delete: ['ec2:DeleteSecurityGroup'],
  }),
  aws_default_security_group: network({
    create: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
    update: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress'],
  }),
  aws_vpc_security_group_ingress_rule: network({
    create: ['ec2:AuthorizeSecurityGroupIngress'],
    update: ['ec2:ModifySecurityGroupRules', 'ec2:UpdateSecurityGroupRuleDescriptionsIngress'],
    delete: ['ec2:RevokeSecurityGroupIngress'],
  }),
  aws_vpc_security_group_egress_rule: network({
    create: ['ec2:AuthorizeSecurityGroupEgress'],
    update: ['ec2:ModifySecurityGroupRules', 'ec2:UpdateSecurityGroupRuleDescriptionsEgress'],
    delete: ['ec2:RevokeSecurityGroupEgress'],
  }),
  aws_vpc_endpoint: network({
    create: ['ec2:CreateVpcEndpoint'],
    update: ['ec2:ModifyVpcEndpoint'],
    delete: ['ec2:DeleteVpcEndpoints'],
    // Interface endpoints with private DNS associate the VPC with the AWS-managed private hosted zone of the
    // service, which IAM authorizes as route53:AssociateVPCWithHostedZone on the caller.
    dependents: (scope) => [
      {
        Sid: 'AssociatePrivateDnsOfEndpoints',
        Action: ['route53:AssociateVPCWithHostedZone'],
        Resource: `${arnPrefix(scope.region)}:route53:::hostedzone/*`,
      },
    ],
  }),
  aws_flow_log: network({
    create: ['ec2:CreateFlowLogs'],
    delete: ['ec2:DeleteFlowLogs'],
    dependents: (scope) => [passRoleTo(scope, 'vpc-flow-logs')],
  }),
  'data.aws_availability_zones': { sid: 'ReadAvailabilityZones', resources: () => [], readWithoutResource: DESCRIBE },
};
