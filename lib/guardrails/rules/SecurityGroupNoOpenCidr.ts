import type { Attributes, Resource } from '../attributes';
import { compliant, defineRule, nonCompliant } from '../rule';

/** True for a CIDR that covers every address (prefix length 0), such as 0.0.0.0/0 or ::/0. */
export function isOpenCidr(cidr: string): boolean {
  return /\/0$/.test(cidr.trim());
}

/** The CIDRs of a rule; an unresolved one (a variable, another stack's data) could be 0.0.0.0/0. */
function cidrsOf(rule: Attributes, ...names: string[]): string[] {
  return names.flatMap((name) => rule.strings(name));
}

/** [direction, CIDRs] of every rule a security-group-like resource declares. */
function rulesOf(group: Resource): [string, string[]][] {
  switch (group.type) {
    case 'aws_security_group':
    case 'aws_default_security_group':
      return (['ingress', 'egress'] as const).flatMap((direction) =>
        group
          .blocks(direction)
          .map((rule): [string, string[]] => [direction, cidrsOf(rule, 'cidr_blocks', 'ipv6_cidr_blocks')]),
      );
    case 'aws_security_group_rule':
      return [[String(group.value('type')), cidrsOf(group, 'cidr_blocks', 'ipv6_cidr_blocks')]];
    case 'aws_vpc_security_group_ingress_rule':
      return [['ingress', cidrsOf(group, 'cidr_ipv4', 'cidr_ipv6')]];
    case 'aws_vpc_security_group_egress_rule':
      return [['egress', cidrsOf(group, 'cidr_ipv4', 'cidr_ipv6')]];
    default:
      return [];
  }
}

/** No security group rule opens traffic to or from the whole internet. */
export const SecurityGroupNoOpenCidr = defineRule({
  id: 'SecurityGroupNoOpenCidr',
  severity: 'error',
  resourceTypes: [
    'aws_security_group',
    'aws_default_security_group',
    'aws_security_group_rule',
    'aws_vpc_security_group_ingress_rule',
    'aws_vpc_security_group_egress_rule',
  ],
  enforces: 'no security group allows ingress from or egress to 0.0.0.0/0 or ::/0',
  fix: 'reference the peer security group (referencedSecurityGroupId) or a VPC endpoint instead of an open CIDR',
  check(group) {
    const open = rulesOf(group).flatMap(([direction, cidrs]) =>
      cidrs.filter(isOpenCidr).map((cidr) => `${direction} ${cidr}`),
    );
    if (open.length === 0) return compliant;
    return nonCompliant(
      `the security group rule is open to the internet (${open.join(', ')})`,
      'use referencedSecurityGroupId (another group of the VPC) or reach AWS through the interface endpoints; the isolated subnets have no route out anyway',
    );
  },
});
