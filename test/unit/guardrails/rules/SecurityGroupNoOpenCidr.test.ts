import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformVariable } from 'cdktf';
import { SecurityGroupNoOpenCidr } from '../../../../lib/guardrails/rules/SecurityGroupNoOpenCidr';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

describe('SecurityGroupNoOpenCidr', () => {
  it('accepts rules that reference another security group', () => {
    const outcomes = checkRule(SecurityGroupNoOpenCidr, (stack) => {
      const group = new SecurityGroup(stack, 'sg', { vpcId: 'vpc-1', description: 'functions' });
      new VpcSecurityGroupEgressRule(stack, 'to-db', {
        securityGroupId: group.id,
        referencedSecurityGroupId: 'sg-db',
        ipProtocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
      });
    });

    expect(outcomeOf(outcomes, 'aws_security_group.sg')).toEqual({ status: 'compliant' });
    expect(outcomeOf(outcomes, 'aws_vpc_security_group_egress_rule.to-db')).toEqual({ status: 'compliant' });
  });

  it('rejects egress to 0.0.0.0/0', () => {
    const outcomes = checkRule(
      SecurityGroupNoOpenCidr,
      (stack) =>
        new VpcSecurityGroupEgressRule(stack, 'anywhere', {
          securityGroupId: 'sg-1',
          cidrIpv4: '0.0.0.0/0',
          ipProtocol: '-1',
        }),
    );

    expect(outcomeOf(outcomes, 'aws_vpc_security_group_egress_rule.anywhere')).toEqual(
      nonCompliantWith(/egress 0.0.0.0\/0/),
    );
  });

  it('rejects ingress from ::/0', () => {
    const outcomes = checkRule(
      SecurityGroupNoOpenCidr,
      (stack) =>
        new VpcSecurityGroupIngressRule(stack, 'v6', {
          securityGroupId: 'sg-1',
          cidrIpv6: '::/0',
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
        }),
    );

    expect(outcomeOf(outcomes, 'aws_vpc_security_group_ingress_rule.v6')).toEqual(nonCompliantWith(/ingress ::\/0/));
  });

  it('rejects open CIDRs in inline blocks and legacy rules', () => {
    const outcomes = checkRule(SecurityGroupNoOpenCidr, (stack) => {
      new SecurityGroup(stack, 'inline', {
        vpcId: 'vpc-1',
        egress: [{ fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['0.0.0.0/0'] }],
      });
      new SecurityGroupRule(stack, 'legacy', {
        type: 'ingress',
        securityGroupId: 'sg-1',
        fromPort: 22,
        toPort: 22,
        protocol: 'tcp',
        cidrBlocks: ['10.0.0.0/8', '0.0.0.0/0'],
      });
    });

    expect(outcomeOf(outcomes, 'aws_security_group.inline')).toEqual(nonCompliantWith(/egress 0.0.0.0\/0/));
    expect(outcomeOf(outcomes, 'aws_security_group_rule.legacy')).toEqual(nonCompliantWith(/ingress 0.0.0.0\/0/));
  });

  it('cannot decide a CIDR given as a variable (it could be 0.0.0.0/0)', () => {
    const outcomes = checkRule(SecurityGroupNoOpenCidr, (stack) => {
      const cidr = new TerraformVariable(stack, 'cidr', { type: 'string' });
      new VpcSecurityGroupIngressRule(stack, 'in', {
        securityGroupId: 'sg-1',
        cidrIpv4: cidr.stringValue,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
      });
      new SecurityGroup(stack, 'inline', {
        vpcId: 'vpc-1',
        egress: [{ fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['10.0.0.0/8', cidr.stringValue] }],
      });
    });

    expect(outcomeOf(outcomes, 'aws_vpc_security_group_ingress_rule.in')).toEqual(
      unresolvedWith(/^cidr_ipv4 is "\$\{var\.cidr\}"/),
    );
    expect(outcomeOf(outcomes, 'aws_security_group.inline')).toEqual(unresolvedWith(/^egress\[0\]\.cidr_blocks is/));
  });
});
