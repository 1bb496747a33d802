import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import type { VpcEndpointService } from '../config/types';
import { QUEUE_CONSUME_ACTIONS } from './encrypted-queue';
import { type PolicyStatement, policyDocument } from './policy-document';

/** Props of the interface endpoints the private functions reach AWS through. */
export interface InterfaceEndpointsProps {
  /** Account whose principals the endpoint policies admit (aws:PrincipalAccount). */
  readonly accountId: string;
  /** Region of the endpoints (service names are `com.amazonaws.<region>.<service>`). */
  readonly region: string;
  /** VPC the endpoints are created in. */
  readonly vpcId: string;
  /** Isolated subnets that get an endpoint network interface each. */
  readonly subnetIds: string[];
  /** Security group admitting HTTPS from the functions only. */
  readonly securityGroupId: string;
  /** AWS services to reach privately, e.g. secretsmanager, kms, ssm. */
  readonly services: readonly VpcEndpointService[];
}

/** The API actions the template's functions call through each endpoint; nothing else passes. */
export interface EndpointActions {
  /** Actions on a resource: allowed only on resources of this account (no exfiltration to another account). */
  readonly onResources: readonly string[];
  /** Actions that name no resource (aws:ResourceAccount is absent for them). */
  readonly withoutResource: readonly string[];
}

export const ENDPOINT_ACTIONS: Readonly<Record<VpcEndpointService, EndpointActions>> = {
  secretsmanager: {
    onResources: [
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ],
    withoutResource: ['secretsmanager:GetRandomPassword'],
  },
  kms: { onResources: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], withoutResource: [] },
  ssm: { onResources: ['ssm:GetParameter', 'ssm:GetParameters'], withoutResource: [] },
  sts: { onResources: ['sts:AssumeRole'], withoutResource: ['sts:GetCallerIdentity'] },
  xray: {
    onResources: [],
    withoutResource: [
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
    ],
  },
  logs: { onResources: ['logs:CreateLogStream', 'logs:PutLogEvents'], withoutResource: [] },
  // The webhook's deliveries queue: a consumer's own calls (its event source mapping polls from the Lambda service).
  sqs: { onResources: [...QUEUE_CONSUME_ACTIONS, 'sqs:SendMessage'], withoutResource: [] },
};

/** Endpoint policy: only this account's principals, on this account's resources, with the listed actions. */
export function endpointPolicy(service: VpcEndpointService, accountId: string): PolicyStatement[] {
  const { onResources, withoutResource } = ENDPOINT_ACTIONS[service];
  const statements: PolicyStatement[] = [];
  if (onResources.length > 0) {
    statements.push({
      Sid: 'ThisAccountsPrincipalsOnThisAccountsResources',
      Principal: { AWS: '*' },
      Action: onResources,
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': accountId, 'aws:ResourceAccount': accountId } },
    });
  }
  if (withoutResource.length > 0) {
    statements.push({
      Sid: 'ThisAccountsPrincipalsResourcelessActions',
      Principal: { AWS: '*' },
      Action: withoutResource,
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': accountId } },
    });
  }
  return statements;
}

/** One interface endpoint with private DNS per configured service. */
export class InterfaceEndpoints extends Construct {
  readonly endpoints: Readonly<Partial<Record<VpcEndpointService, VpcEndpoint>>>;

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    const endpoints: Partial<Record<VpcEndpointService, VpcEndpoint>> = {};
    for (const service of props.services) {
      endpoints[service] = new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: props.subnetIds,
        securityGroupIds: [props.securityGroupId],
        policy: policyDocument(endpointPolicy(service, props.accountId)),
        tags: { Name: `${service}` },
      });
    }
    this.endpoints = endpoints;
  }
}
