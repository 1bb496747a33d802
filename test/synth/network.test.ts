// The network stack on the fixture configs: isolated subnets, endpoints, security groups and flow logs.
import { validateProject } from '../../lib/config/validate';
import { endpointServicesOf } from '../../stacks/network-stack';
import { allFeatures, type Fixture, multiAccount, singleAccount } from '../fixtures';
import { onlyResource, policyOf, resourcesOf, synthFixtureOnce } from '../support/synth';

interface NetworkCase {
  readonly fixture: Fixture;
  readonly env: string;
  readonly azCount: number;
  readonly services: readonly string[];
  readonly retentionDays: number;
  readonly database: boolean;
}
const CASES: readonly NetworkCase[] = [
  {
    fixture: singleAccount,
    env: 'sandbox',
    azCount: 2,
    services: ['secretsmanager', 'kms', 'ssm'],
    retentionDays: 7,
    database: false,
  },
  {
    fixture: multiAccount,
    env: 'live',
    azCount: 3,
    services: ['secretsmanager', 'kms', 'ssm', 'sts', 'xray'],
    retentionDays: 365,
    database: true,
  },
  {
    fixture: allFeatures,
    env: 'stage',
    azCount: 2,
    services: ['secretsmanager', 'kms', 'ssm', 'sts', 'xray', 'logs'],
    retentionDays: 30,
    database: true,
  },
];

describe.each(CASES)('$fixture.name $env-network', ({ fixture, env, azCount, services, retentionDays, database }) => {
  const stack = synthFixtureOnce(fixture).stacks[`${env}-network`];
  const prefix = `${fixture.project.name}-${env}`;
  const settings = validateProject(fixture.project).environments.find((e) => e.name === env);
  if (!settings) throw new Error(`no environment ${env}`);
  // What the environment lists plus what its features add (webhook delivery: SQS, and DynamoDB as a gateway).
  const added = endpointServicesOf(settings);
  const gatewayKeys = Object.entries(resourcesOf(stack, 'aws_vpc_endpoint'))
    .filter(([, e]) => e.vpc_endpoint_type === 'Gateway')
    .map(([key]) => key);

  it('has no route to the internet', () => {
    for (const type of [
      'aws_internet_gateway',
      'aws_nat_gateway',
      'aws_egress_only_internet_gateway',
      'aws_route',
      'aws_eip',
    ]) {
      expect(resourcesOf(stack, type)).toEqual({});
    }
    expect(onlyResource(stack, 'aws_route_table').route).toBeUndefined();
  });

  it(`spreads ${azCount} isolated subnets over distinct AZs without public IPs`, () => {
    const subnets = Object.values(resourcesOf(stack, 'aws_subnet'));
    expect(subnets).toHaveLength(azCount);
    expect(new Set(subnets.map((s) => s.availability_zone)).size).toBe(azCount);
    for (const subnet of subnets) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  it('creates exactly the configured interface endpoints and those its features need, each limited to this account', () => {
    const endpoints = Object.values(resourcesOf(stack, 'aws_vpc_endpoint'));
    const serviceOf = (e: Record<string, unknown>) => (e.service_name as string).split('.').pop();
    const interfaces = endpoints.filter((e) => e.vpc_endpoint_type === 'Interface');
    const gateways = endpoints.filter((e) => e.vpc_endpoint_type === 'Gateway');
    expect(services.every((service) => added.interface.includes(service as never))).toBe(true);
    expect(interfaces.map(serviceOf).sort()).toEqual([...added.interface].sort());
    expect(gateways.map(serviceOf).sort()).toEqual([...added.gateway].sort());
    expect(interfaces.length + gateways.length).toBe(endpoints.length);
    for (const endpoint of interfaces) expect(endpoint.private_dns_enabled).toBe(true);
    for (const endpoint of endpoints) {
      for (const statement of policyOf(endpoint.policy).Statement) {
        expect(statement.Condition).toMatchObject({
          StringEquals: { 'aws:PrincipalAccount': expect.stringMatching(/^\d{12}$/) },
        });
        expect(statement.Action).not.toContain('*');
      }
    }
  });

  it('opens no security group to the internet', () => {
    const rules = [
      ...Object.values(resourcesOf(stack, 'aws_vpc_security_group_egress_rule')),
      ...Object.values(resourcesOf(stack, 'aws_vpc_security_group_ingress_rule')),
    ];
    // A rule names a security group, or the prefix list of one of this VPC's gateway endpoints: never an address range.
    const gatewayPrefixLists = gatewayKeys.map((key) => `\${aws_vpc_endpoint.${key}.prefix_list_id}`);
    for (const rule of rules) {
      expect(rule.cidr_ipv4).toBeUndefined();
      expect(rule.cidr_ipv6).toBeUndefined();
      if (rule.prefix_list_id === undefined)
        expect(rule.referenced_security_group_id).toMatch(/^\$\{aws_security_group\./);
      else expect(gatewayPrefixLists).toContain(rule.prefix_list_id);
    }
    for (const group of Object.values(resourcesOf(stack, 'aws_security_group'))) {
      expect(group.egress).toBeUndefined();
      expect(group.ingress).toBeUndefined();
    }
    expect(onlyResource(stack, 'aws_default_security_group')).not.toHaveProperty('egress');
  });

  it('lets functions reach only the endpoints on 443, and the database on 5432 where there is one', () => {
    const egress = Object.values(resourcesOf(stack, 'aws_vpc_security_group_egress_rule'));
    const summary = egress.map(
      (r) =>
        `${r.security_group_id} -> ${r.referenced_security_group_id ?? r.prefix_list_id}:${r.from_port}-${r.to_port}/${r.ip_protocol}`,
    );
    const functions = '${aws_security_group.functions-sg.id}';
    const toEndpoints = `${functions} -> \${aws_security_group.endpoints-sg.id}:443-443/tcp`;
    const toDatabase = `${functions} -> \${aws_security_group.database-sg.id}:5432-5432/tcp`;
    const toGateways = gatewayKeys.map(
      (key) => `${functions} -> \${aws_vpc_endpoint.${key}.prefix_list_id}:443-443/tcp`,
    );
    expect(summary.sort()).toEqual([...(database ? [toDatabase] : []), toEndpoints, ...toGateways].sort());
  });

  it('creates a database security group only where the environment has a database', () => {
    const names = Object.values(resourcesOf(stack, 'aws_security_group')).map((g) => g.name);
    const expected = [`${prefix}-endpoints`, `${prefix}-functions`];
    expect(names.sort()).toEqual(database ? [`${prefix}-database`, ...expected] : expected);
  });

  it('sends flow logs to a KMS-encrypted log group with a retention, through a bounded role', () => {
    const flowLog = onlyResource(stack, 'aws_flow_log');
    const group = onlyResource(stack, 'aws_cloudwatch_log_group');
    const role = onlyResource(stack, 'aws_iam_role');
    expect(flowLog).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
    expect(group.kms_key_id).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-.*-security\.outputs\./,
    );
    expect(group.retention_in_days).toBe(retentionDays);
    // The environment boundary, owned by the bootstrap stack under /delivery/ (out of the deploy role's reach).
    expect(role.permissions_boundary).toMatch(/^arn:aws:iam::\d{12}:policy\/delivery\/[a-z0-9-]+-boundary$/);
    expect(policyOf(role.assume_role_policy).Statement[0]).toMatchObject({
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': expect.stringMatching(/^\d{12}$/) } },
    });
  });

  it('publishes its typed outputs with descriptions', () => {
    const published = Object.entries(stack?.output ?? {}).filter(([name]) => !name.startsWith('cross-stack-output-'));
    const expected = [
      'endpointSecurityGroupId',
      'flowLogGroupName',
      'functionSecurityGroupId',
      'isolatedSubnetIds',
      'vpcId',
    ];
    expect(published.map(([name]) => name).sort()).toEqual(
      database ? ['databaseSecurityGroupId', ...expected] : expected,
    );
    for (const [, output] of published) expect(output.description).toBeTruthy();
  });
});
