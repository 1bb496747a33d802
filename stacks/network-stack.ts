import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { Construct } from 'constructs';
import { type EnvironmentConfig, WEBHOOK_DELIVERY_VPC_ENDPOINTS } from '../lib/config/types';
import { type GatewayEndpointService, GatewayEndpoints } from '../lib/constructs/gateway-endpoints';
import { InterfaceEndpoints } from '../lib/constructs/interface-endpoints';
import { IsolatedVpc } from '../lib/constructs/isolated-vpc';
import { VpcFlowLogs } from '../lib/constructs/vpc-flow-logs';
import { EnvironmentStack, type EnvironmentStackProps, publishOutputs } from '../lib/environment-stack';
import type { SecurityOutputs } from './security-stack';

/** Port PostgreSQL listens on; the only port the functions may open besides HTTPS to the endpoints. */
export const POSTGRES_PORT = 5432;

/** The interface and gateway endpoints `environment` needs: the configured ones plus what its features add. */
export function endpointServicesOf(environment: EnvironmentConfig) {
  const delivery = environment.webhook.delivery !== false;
  return {
    interface: [...new Set([...environment.vpcEndpoints, ...(delivery ? WEBHOOK_DELIVERY_VPC_ENDPOINTS : [])])],
    gateway: (delivery ? ['dynamodb'] : []) as GatewayEndpointService[],
  };
}

/** Props of the network stack. */
export interface NetworkStackProps extends EnvironmentStackProps {
  /** Outputs of this environment's security stack (key for the flow logs, boundary for their role). */
  readonly security: SecurityOutputs;
}

/** What the network stack hands to the stacks after it. */
export interface NetworkOutputs {
  readonly vpcId: string;
  /** Ids of the isolated subnets, one per AZ. */
  readonly isolatedSubnetIds: string[];
  /**
   * Security group of the private functions: egress to the interface endpoints and gateway endpoint prefix lists
   * (443) and the database (5432) only.
   */
  readonly functionSecurityGroupId: string;
  /** Security group of the interface endpoints: HTTPS in from the functions only. */
  readonly endpointSecurityGroupId: string;
  /** Security group of the database: PostgreSQL in from the functions only; unset where no database is enabled. */
  readonly databaseSecurityGroupId?: string;
  /** Name of the flow log group. */
  readonly flowLogGroupName: string;
}

/** `<env>-network`: isolated VPC, interface endpoints, tight security groups and flow logs. */
export class NetworkStack extends EnvironmentStack {
  readonly outputs: NetworkOutputs;

  constructor(scope: Construct, props: NetworkStackProps) {
    super(scope, 'network', props);
    const { accountId, region, cidr, azCount, logRetentionDays, database: db } = this.environment;
    const services = endpointServicesOf(this.environment);
    const network = new IsolatedVpc(this, 'vpc', { namePrefix: this.namePrefix, cidr, azCount });
    const vpcId = network.vpc.id;

    // Groups are created empty (Terraform removes AWS's default allow-all egress) and get rules below,
    // as separate resources so the groups can reference each other without a cycle.
    const group = (role: string, description: string) =>
      new SecurityGroup(this, `${role}-sg`, {
        name: `${this.namePrefix}-${role}`,
        description,
        vpcId,
        revokeRulesOnDelete: true,
        tags: { Name: `${this.namePrefix}-${role}` },
      });
    const functions = group(
      'functions',
      'Private Lambda functions: HTTPS to the VPC endpoints, PostgreSQL to the database',
    );
    const endpoints = group('endpoints', 'VPC interface endpoints: HTTPS from the private functions');

    new VpcSecurityGroupEgressRule(this, 'functions-to-endpoints', {
      securityGroupId: functions.id,
      referencedSecurityGroupId: endpoints.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'HTTPS to the VPC interface endpoints',
    });
    new VpcSecurityGroupIngressRule(this, 'endpoints-from-functions', {
      securityGroupId: endpoints.id,
      referencedSecurityGroupId: functions.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'HTTPS from the private functions',
    });
    // The database group and its port exist only where the environment has a database: no unused openings.
    const database = db.enabled ? group('database', 'PostgreSQL: connections from the private functions') : undefined;
    if (database) {
      new VpcSecurityGroupEgressRule(this, 'functions-to-database', {
        securityGroupId: functions.id,
        referencedSecurityGroupId: database.id,
        ipProtocol: 'tcp',
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        description: 'PostgreSQL to the database',
      });
      new VpcSecurityGroupIngressRule(this, 'database-from-functions', {
        securityGroupId: database.id,
        referencedSecurityGroupId: functions.id,
        ipProtocol: 'tcp',
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        description: 'PostgreSQL from the private functions',
      });
    }

    const subnetIds = network.subnets.map((s) => s.id);
    new InterfaceEndpoints(this, 'endpoints', {
      accountId,
      region,
      vpcId,
      subnetIds,
      securityGroupId: endpoints.id,
      services: services.interface,
    });
    const gateways = new GatewayEndpoints(this, 'gateways', {
      accountId,
      region,
      vpcId,
      routeTableIds: [network.routeTable.id],
      services: services.gateway,
    });
    // A gateway endpoint is a route to the service's public addresses (its prefix list), which a security group
    // rule naming only the endpoint group does not cover: HTTPS to that prefix list, and nowhere else.
    for (const [service, endpoint] of Object.entries(gateways.endpoints)) {
      new VpcSecurityGroupEgressRule(this, `functions-to-${service}`, {
        securityGroupId: functions.id,
        prefixListId: endpoint.prefixListId,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: `HTTPS to ${service} through its gateway endpoint`,
      });
    }
    const flowLogs = new VpcFlowLogs(this, 'flow-logs', {
      namePrefix: this.namePrefix,
      accountId,
      region,
      vpcId,
      kmsKeyArn: props.security.keyArn,
      retentionDays: logRetentionDays,
      permissionsBoundaryArn: props.security.permissionsBoundaryArn,
    });

    this.outputs = {
      vpcId,
      isolatedSubnetIds: subnetIds,
      functionSecurityGroupId: functions.id,
      endpointSecurityGroupId: endpoints.id,
      databaseSecurityGroupId: database?.id,
      flowLogGroupName: flowLogs.logGroup.logGroup.name,
    };
    publishOutputs(this, this.outputs, {
      vpcId: { description: 'Id of the isolated VPC' },
      isolatedSubnetIds: { description: 'Isolated subnets (no internet route), one per AZ' },
      functionSecurityGroupId: { description: 'Security group for private functions' },
      endpointSecurityGroupId: { description: 'Security group of the VPC interface endpoints' },
      databaseSecurityGroupId: { description: 'Security group for the database' },
      flowLogGroupName: { description: 'CloudWatch log group receiving the VPC flow logs' },
    });
  }
}
