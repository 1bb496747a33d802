import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { parseCidr } from '../config/validate';
import { ConstructInputError, withConstructPath } from './construct-error';

/** Props of a VPC with only isolated subnets. */
export interface IsolatedVpcProps {
  /** `<project>-<env>`: Name tags of the VPC, its subnets and route table. */
  readonly namePrefix: string;
  /** IPv4 CIDR of the VPC. */
  readonly cidr: string;
  /** Number of availability zones (one isolated subnet each). */
  readonly azCount: number;
}

/**
 * Splits `cidr` into equal subnets, one per AZ: each is 4 bits longer than the VPC prefix (16 slots, room to
 * add AZs or tiers later) but never smaller than /28, the smallest subnet AWS allows.
 */
export function isolatedSubnetCidrs(cidr: string, count: number): string[] {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new ConstructInputError(`"${cidr}" is not a valid IPv4 CIDR (use e.g. 10.20.0.0/16)`);
  const prefix = Math.min(parsed.prefix + 4, 28);
  const size = 2 ** (32 - prefix);
  if (count * size > 2 ** (32 - parsed.prefix)) {
    throw new ConstructInputError(
      `${count} subnets of /${prefix} do not fit in ${cidr}; use a larger CIDR or fewer AZs`,
    );
  }
  return Array.from({ length: count }, (_, i) => {
    const network = parsed.network + i * size;
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256);
    return `${octets.join('.')}/${prefix}`;
  });
}

/** A VPC with isolated subnets only: no internet gateway, no NAT, a route table with the local route alone. */
export class IsolatedVpc extends Construct {
  readonly vpc: Vpc;
  readonly subnets: Subnet[];
  /** The isolated subnets' route table (gateway endpoints add their routes to it). */
  readonly routeTable: RouteTable;

  constructor(scope: Construct, id: string, props: IsolatedVpcProps) {
    super(scope, id);
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsSupport: true, // interface endpoints with private DNS need both
      enableDnsHostnames: true,
      tags: { Name: props.namePrefix },
    });
    // Take over the default security group and strip its rules, so nothing attached by accident can talk.
    new DefaultSecurityGroup(this, 'default-sg', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.namePrefix}-default-deny` },
    });

    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    const routeTable = new RouteTable(this, 'isolated-routes', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.namePrefix}-isolated` },
    });
    this.routeTable = routeTable;
    const cidrs = withConstructPath(this, () => isolatedSubnetCidrs(props.cidr, props.azCount));
    this.subnets = cidrs.map((cidrBlock, index) => {
      const subnet = new Subnet(this, `isolated-${index}`, {
        vpcId: this.vpc.id,
        cidrBlock,
        availabilityZone: Fn.element(zones.names, index),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-isolated-${index}`, Tier: 'isolated' },
      });
      new RouteTableAssociation(this, `isolated-${index}-routes`, { subnetId: subnet.id, routeTableId: routeTable.id });
      return subnet;
    });
  }
}
