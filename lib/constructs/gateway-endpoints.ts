import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import { TABLE_ITEM_ACTIONS } from './encrypted-table';
import { type PolicyStatement, policyDocument } from './policy-document';

/** The services a gateway endpoint (a route, no network interface, no hourly charge) is created for here. */
export type GatewayEndpointService = 'dynamodb';

/** The API actions the template's functions call through each gateway endpoint; nothing else passes. */
export const GATEWAY_ENDPOINT_ACTIONS: Readonly<Record<GatewayEndpointService, readonly string[]>> = {
  dynamodb: [...TABLE_ITEM_ACTIONS],
};

/** Props of the gateway endpoints of the isolated subnets. */
export interface GatewayEndpointsProps {
  /** Account whose principals and resources the endpoint policies admit. */
  readonly accountId: string;
  /** Region of the endpoints (service names are `com.amazonaws.<region>.<service>`). */
  readonly region: string;
  /** VPC the endpoints are created in. */
  readonly vpcId: string;
  /** Route tables of the isolated subnets: each gets a route to the service's prefix list. */
  readonly routeTableIds: string[];
  /** Services to reach privately. */
  readonly services: readonly GatewayEndpointService[];
}

/** Gateway endpoint policy: only this account's principals, on this account's resources, with the listed actions. */
export function gatewayEndpointPolicy(service: GatewayEndpointService, accountId: string): PolicyStatement[] {
  return [
    {
      Sid: 'ThisAccountsPrincipalsOnThisAccountsResources',
      Principal: { AWS: '*' },
      Action: GATEWAY_ENDPOINT_ACTIONS[service],
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': accountId, 'aws:ResourceAccount': accountId } },
    },
  ];
}

/** One gateway endpoint per service on the isolated route tables. */
export class GatewayEndpoints extends Construct {
  readonly endpoints: Readonly<Partial<Record<GatewayEndpointService, VpcEndpoint>>>;

  constructor(scope: Construct, id: string, props: GatewayEndpointsProps) {
    super(scope, id);
    const endpoints: Partial<Record<GatewayEndpointService, VpcEndpoint>> = {};
    for (const service of props.services) {
      endpoints[service] = new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: props.routeTableIds,
        policy: policyDocument(gatewayEndpointPolicy(service, props.accountId)),
        tags: { Name: service },
      });
    }
    this.endpoints = endpoints;
  }
}
