// `npm run test:apply`: every stack of the selected environments (selection.ts) applied with the real Terraform CLI
// against moto server, one server per environment (as that environment's account), environments in parallel,
// stacks in dependency order. The applied state is checked against what the README and docs/ promise, then everything is
// destroyed in reverse order and the emulator must hold nothing but what AWS keeps on purpose.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { ListSecretsCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type ServerProcess, startReaper, stopServer } from '../support/processes';
import { projectRoot, testRunDir } from '../support/services';
import { synthProject } from '../support/synth';
import {
  applyEnvironment,
  destroyEnvironment,
  type EmulatedEnvironment,
  type StateResource,
  startEmulatedEnvironment,
  stateOf,
} from '../support/terraform/emulated-environment';
import { xmlElements, xmlValue } from '../support/terraform/emulator-client';
import { findTerraform, lastLines, runTerraform } from '../support/terraform/terraform-cli';
import { providerSource } from '../support/terraform/validate';
import { PRODUCTION_DATABASE_DESTROY } from '../support/terraform/workarounds';
import { applySelection, coverageGaps } from './selection';

const terraform = findTerraform();
const selection = applySelection();
const describeWithTerraform = 'missing' in terraform ? describe.skip : describe;
if ('missing' in terraform) process.stderr.write(`apply tests skipped: ${terraform.missing}\n`);

const EC2 = '2016-11-15';
const servers: ServerProcess[] = [];
const runs = new Map<string, EmulatedEnvironment>();
let workRoot = '';
let reaperPid = 0;
const started = performance.now();
const phases: Record<string, number> = {};

function run(name: string): EmulatedEnvironment {
  const found = runs.get(name);
  if (!found) throw new Error(`environment ${name} was not started`);
  return found;
}

function sdkConfig(env: EmulatedEnvironment) {
  return {
    endpoint: env.client.endpoint,
    region: env.environment.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
}

/** Every resource of `type` in the state of any stack of the environment. */
function resourcesOf(env: EmulatedEnvironment, type: string): StateResource[] {
  return env.stackIds.flatMap((id) => stateOf(env, id)).filter((r) => r.type === type);
}

function prepareTools(): void {
  for (const script of ['tools/python/ensure-venv.mjs', 'tools/build/build-functions.mjs']) {
    const result = spawnSync(process.execPath, [join(projectRoot, script)], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${script} failed:\n${result.stderr || result.stdout}`);
  }
}

describeWithTerraform(`apply and destroy (${selection.configName} config) against moto`, () => {
  beforeAll(async () => {
    const cli = terraform as Exclude<typeof terraform, { missing: string }>;
    for (const gap of coverageGaps(selection)) process.stderr.write(`apply tests: note: ${gap}\n`);
    prepareTools();
    workRoot = mkdtempSync(join(tmpdir(), 'apply-'));
    const source = await providerSource();
    process.stderr.write(`apply tests: terraform ${cli.version}, ${source.summary}\n`);
    const names = selection.environments.map((e) => e.name);
    const synth = synthProject(selection.input, names);
    let phase = performance.now();
    const environments = await Promise.all(
      selection.environments.map((environment) =>
        startEmulatedEnvironment({
          synth,
          environment,
          environmentNames: selection.allEnvironmentNames,
          root: workRoot,
          source,
          cli,
          motoServerBin: join(projectRoot, '.venv/bin/moto_server'),
          onServer: (server) => servers.push(server),
        }),
      ),
    );
    // Stops the moto servers and removes the work folder should jest die without running afterAll.
    reaperPid = startReaper(workRoot, join(workRoot, 'reaper-run-file'), servers);
    for (const env of environments) {
      runs.set(env.environment.name, env);
      for (const note of env.stacks.flatMap((s) => s.notes)) process.stderr.write(`workaround: ${note}\n`);
    }
    phases.prepare = (performance.now() - phase) / 1000;
    phase = performance.now();
    await Promise.all(environments.map(applyEnvironment));
    phases.apply = (performance.now() - phase) / 1000;
    for (const note of environments.flatMap((e) => e.notes)) process.stderr.write(`workaround: ${note}\n`);
  }, 1_800_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => stopServer(s)));
    try {
      if (reaperPid) process.kill(reaperPid, 'SIGKILL');
    } catch {
      // already gone
    }
    writeTimings();
    if (workRoot && !process.env.APPLY_KEEP_WORKDIR) rmSync(workRoot, { recursive: true, force: true });
  });

  describe.each(selection.environments.map((e) => e.name))('%s', (name) => {
    it('applies every stack after the stacks it depends on', () => {
      const env = run(name);
      expect(env.applied).toEqual(env.stackIds);
      expect(env.stackIds.length).toBeGreaterThanOrEqual(4);
      env.stackIds.forEach((id, index) => {
        const before = env.stackIds.slice(0, index);
        for (const dependency of env.dependencies[id] ?? [])
          expect({ id, before }).toEqual({ id, before: expect.arrayContaining([dependency]) });
      });
    });

    it('turns on rotation of the environment key', async () => {
      const env = run(name);
      const keys = resourcesOf(env, 'aws_kms_key');
      expect(keys.length).toBeGreaterThan(0);
      const kms = new KMSClient(sdkConfig(env));
      for (const key of keys) {
        expect(key.values.enable_key_rotation).toBe(true);
        const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: String(key.values.key_id) }));
        expect(status.KeyRotationEnabled).toBe(true);
      }
    });

    it('serves the signature-verifying webhook on a NONE URL and everything else on AWS_IAM URLs', async () => {
      const env = run(name);
      const functions = resourcesOf(env, 'aws_lambda_function');
      const urls = resourcesOf(env, 'aws_lambda_function_url');
      expect(urls).toHaveLength(2);
      for (const url of urls) {
        const fn = functions.find((f) => f.values.function_name === url.values.function_name);
        const exposure = (fn?.values.tags as Record<string, string> | undefined)?.Exposure;
        const live = await env.client.restGet<{ AuthType: string }>(
          'lambda',
          `/2021-10-31/functions/${String(url.values.function_name)}/url`,
        );
        expect({ exposure, authType: live?.AuthType }).toEqual({
          exposure,
          authType: exposure === 'public-signed' ? 'NONE' : 'AWS_IAM',
        });
      }
    });

    it('turns rotation on for every secret with a rotation schedule, and only for those', async () => {
      const env = run(name);
      const secrets = resourcesOf(env, 'aws_secretsmanager_secret');
      const schedules = resourcesOf(env, 'aws_secretsmanager_secret_rotation');
      expect(secrets.length).toBeGreaterThan(0);
      if (env.environment.database.enabled) expect(schedules.length).toBeGreaterThan(0);
      const scheduled = new Set(schedules.map((r) => String(r.values.secret_id)));
      const listed = await new SecretsManagerClient(sdkConfig(env)).send(new ListSecretsCommand({}));
      for (const secret of secrets) {
        const live = listed.SecretList?.find((s) => s.ARN === secret.values.arn);
        const planned = scheduled.has(String(secret.values.arn)) || scheduled.has(String(secret.values.id));
        expect({ name: live?.Name, rotation: live?.RotationEnabled ?? false }).toEqual({
          name: secret.values.name,
          rotation: planned,
        });
        if (!planned) continue;
        expect(live?.RotationLambdaARN).toMatch(/^arn:aws[a-z-]*:lambda:/);
        expect(live?.RotationRules?.AutomaticallyAfterDays).toBe(env.environment.secrets.rotationDays);
      }
    });

    it('keeps what operators put into parameters and secrets, and what Terraform wrote, out of every state file after a refresh', async () => {
      const env = run(name);
      const parameters = resourcesOf(env, 'aws_ssm_parameter');
      const secrets = resourcesOf(env, 'aws_secretsmanager_secret');
      expect(parameters.length).toBeGreaterThan(0);
      expect(secrets.length).toBeGreaterThan(0);
      // What Terraform itself wrote: the synthesized first value of each parameter.
      const written = env.stacks.flatMap((stack) =>
        Object.values(
          (
            JSON.parse(readFileSync(join(stack.dir, 'main.tf.json'), 'utf8')) as {
              resource?: Record<string, Record<string, Record<string, unknown>>>;
            }
          ).resource?.aws_ssm_parameter ?? {},
        ).map((p) => String(p.value_wo ?? p.value)),
      );
      // An operator stores values by hand (`aws ssm put-parameter --overwrite`, `npm run webhook-secret`).
      const operatorValues: string[] = [];
      const ssm = new SSMClient(sdkConfig(env));
      for (const parameter of parameters) {
        const value = `operator-parameter-${randomBytes(12).toString('hex')}`;
        operatorValues.push(value);
        await ssm.send(
          new PutParameterCommand({
            Name: String(parameter.values.name),
            Value: value,
            Type: 'SecureString',
            Overwrite: true,
          }),
        );
      }
      const secretsManager = new SecretsManagerClient(sdkConfig(env));
      for (const secret of secrets) {
        const value = `operator-secret-${randomBytes(12).toString('hex')}`;
        operatorValues.push(value);
        await secretsManager.send(
          new PutSecretValueCommand({ SecretId: String(secret.values.arn), SecretString: value }),
        );
      }

      for (const stack of env.stacks) {
        const refreshed = await runTerraform(
          env.cli,
          ['apply', '-refresh-only', '-auto-approve', '-input=false', '-no-color', '-parallelism=30'],
          { cwd: stack.dir, env: env.env },
        );
        if (refreshed.code !== 0) throw new Error(`refresh of ${stack.id} failed:\n${lastLines(refreshed, 40)}`);
      }

      // Every state file and backup Terraform keeps for the environment's stacks.
      const stateDirs = [...new Set(env.stacks.map((stack) => join(stack.statePath, '..')))];
      const stateFiles = stateDirs.flatMap((dir) =>
        existsSync(dir)
          ? readdirSync(dir)
              .filter((f) => f.includes('.tfstate'))
              .map((f) => join(dir, f))
          : [],
      );
      expect(stateFiles.length).toBeGreaterThanOrEqual(env.stacks.length);
      const leaked = stateFiles.flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return [...operatorValues, ...written]
          .filter((value) => text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1)))
          .map((value) => `${file}: ${value}`);
      });
      expect(leaked).toEqual([]);
    });

    it('gives the VPC no internet gateway, no NAT gateway and no route out', async () => {
      const env = run(name);
      const [vpc] = resourcesOf(env, 'aws_vpc');
      const vpcId = String(vpc?.values.id);
      const igws = await env.client.query('ec2', 'DescribeInternetGateways', EC2, {
        'Filter.1.Name': 'attachment.vpc-id',
        'Filter.1.Value.1': vpcId,
      });
      expect(xmlElements(igws, 'internetGatewayId')).toEqual([]);
      const nats = await env.client.query('ec2', 'DescribeNatGateways', EC2, {
        'Filter.1.Name': 'vpc-id',
        'Filter.1.Value.1': vpcId,
      });
      expect(xmlElements(nats, 'natGatewayId')).toEqual([]);
      const tables = await env.client.query('ec2', 'DescribeRouteTables', EC2, {
        'Filter.1.Name': 'vpc-id',
        'Filter.1.Value.1': vpcId,
      });
      const targets = xmlElements(tables, 'gatewayId').concat(xmlElements(tables, 'natGatewayId'));
      // A gateway endpoint's route (vpce-...) reaches its AWS service's prefix list, nothing else.
      expect(targets.filter((t) => t !== 'local' && !t.startsWith('vpce-'))).toEqual([]);
    });

    it('opens only the planned security group rules, none to or from anywhere', async () => {
      const env = run(name);
      const groups = resourcesOf(env, 'aws_security_group');
      const byId = new Map(groups.map((g) => [String(g.values.id), String(g.values.name)]));
      const rules: string[] = [];
      for (const groupId of byId.keys()) {
        const xml = await env.client.query('ec2', 'DescribeSecurityGroupRules', EC2, {
          'Filter.1.Name': 'group-id',
          'Filter.1.Value.1': groupId,
        });
        // Tags are nested <item>s too: drop them so each remaining <item> is one rule.
        const ruleSet = xmlValue(xml, 'securityGroupRuleSet')?.replace(/<tagSet>[\s\S]*?<\/tagSet>/g, '') ?? '';
        for (const rule of xmlElements(ruleSet, 'item')) {
          const referenced = xmlValue(rule, 'referencedGroupInfo');
          const peer =
            xmlValue(rule, 'cidrIpv4') ??
            xmlValue(rule, 'cidrIpv6') ??
            xmlValue(rule, 'prefixListId') ??
            (referenced
              ? (byId.get(xmlValue(referenced, 'groupId') ?? '') ?? xmlValue(referenced, 'groupId'))
              : undefined);
          const direction = xmlValue(rule, 'isEgress') === 'true' ? 'egress to' : 'ingress from';
          rules.push(
            `${byId.get(groupId)} ${direction} ${peer} ${xmlValue(rule, 'ipProtocol')}/${xmlValue(rule, 'fromPort')}`,
          );
        }
      }
      expect(rules.filter((r) => / (0\.0\.0\.0\/0|::\/0) /.test(r))).toEqual([]);
      const prefix = `${selection.project}-${name}`;
      const gatewayPrefixLists = resourcesOf(env, 'aws_vpc_endpoint')
        .filter((e) => e.values.vpc_endpoint_type === 'Gateway')
        .map((e) => String(e.values.prefix_list_id));
      const expected = [
        `${prefix}-functions egress to ${prefix}-endpoints tcp/443`,
        ...gatewayPrefixLists.map((list) => `${prefix}-functions egress to ${list} tcp/443`),
        `${prefix}-endpoints ingress from ${prefix}-functions tcp/443`,
        ...(env.environment.database.enabled
          ? [
              `${prefix}-functions egress to ${prefix}-database tcp/5432`,
              `${prefix}-database ingress from ${prefix}-functions tcp/5432`,
            ]
          : []),
      ];
      expect(rules.sort()).toEqual(expected.sort());
    });

    it('keeps webhook deliveries on the environment key and feeds them to the consumer with partial batch responses', async () => {
      const env = run(name);
      const tables = resourcesOf(env, 'aws_dynamodb_table');
      const mappings = resourcesOf(env, 'aws_lambda_event_source_mapping');
      if (env.environment.webhook.delivery === false) {
        expect({ tables, mappings }).toEqual({ tables: [], mappings: [] });
        return;
      }
      const [key] = resourcesOf(env, 'aws_kms_key');
      const dynamodb = <T>(target: string, body: Record<string, unknown>) =>
        env.client.json<T>('dynamodb', `DynamoDB_20120810.${target}`, body, 'application/x-amz-json-1.0');
      const tableName = `${selection.project}-${name}-webhook-deliveries`;
      const { Table } = await dynamodb<{
        Table?: { BillingModeSummary?: { BillingMode?: string }; SSEDescription?: { KMSMasterKeyArn?: string } };
      }>('DescribeTable', { TableName: tableName });
      expect(Table?.SSEDescription?.KMSMasterKeyArn).toBe(key?.values.arn);
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      const { TimeToLiveDescription } = await dynamodb<{
        TimeToLiveDescription?: { TimeToLiveStatus?: string; AttributeName?: string };
      }>('DescribeTimeToLive', { TableName: tableName });
      expect(TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiration' });
      const queues = resourcesOf(env, 'aws_sqs_queue').filter((q) => String(q.values.name).startsWith(tableName));
      expect(queues.map((q) => q.values.kms_master_key_id)).toEqual([key?.values.arn, key?.values.arn]);
      const queue = queues.find((q) => q.values.name === tableName);
      const live = await env.client.restGet<{ EventSourceArn?: string }>(
        'lambda',
        `/2015-03-31/event-source-mappings/${String(mappings[0]?.values.uuid)}`,
      );
      expect(mappings).toHaveLength(1);
      expect(mappings[0]?.values.function_response_types).toEqual(['ReportBatchItemFailures']);
      expect(live?.EventSourceArn).toBe(queue?.values.arn);
    });

    it('encrypts every log group with the environment key and keeps it for the configured days', async () => {
      const env = run(name);
      const [key] = resourcesOf(env, 'aws_kms_key');
      const { logGroups = [] } = await env.client.json<{
        logGroups?: { logGroupName: string; kmsKeyId?: string; retentionInDays?: number }[];
      }>('logs', 'Logs_20140328.DescribeLogGroups', {});
      const managed = resourcesOf(env, 'aws_cloudwatch_log_group');
      expect(logGroups.map((g) => g.logGroupName).sort()).toEqual(managed.map((g) => String(g.values.name)).sort());
      for (const group of logGroups) {
        expect({ name: group.logGroupName, key: group.kmsKeyId, days: group.retentionInDays }).toEqual({
          name: group.logGroupName,
          key: key?.values.arn,
          days: env.environment.logRetentionDays,
        });
      }
    });
  });

  describe('after destroy', () => {
    beforeAll(async () => {
      const phase = performance.now();
      await Promise.all([...runs.values()].map(destroyEnvironment));
      phases.destroy = (performance.now() - phase) / 1000;
    }, 1_800_000);

    describe.each(selection.environments.map((e) => e.name))('%s', (name) => {
      it('destroys every stack before the stacks it depends on', () => {
        const env = run(name);
        expect(env.destroyed).toEqual([...env.stackIds].reverse());
        const protectedResource = env.environment.database.enabled || env.environment.webhook.delivery !== false;
        expect(env.protectedDestroy).toBe(
          env.environment.production && protectedResource ? PRODUCTION_DATABASE_DESTROY : undefined,
        );
      });

      it('leaves no state and nothing in the account but keys pending deletion and secrets in recovery', async () => {
        const env = run(name);
        for (const id of env.stackIds) expect(stateOf(env, id)).toEqual([]);
        expect(await leftovers(env)).toEqual([]);
      });
    });
  });
});

/** What the environment's account still holds, one line per resource, except what AWS keeps by design. */
async function leftovers(env: EmulatedEnvironment): Promise<string[]> {
  const { client } = env;
  const found: string[] = [];
  // Only VPCs this run made: moto (like AWS) has a default VPC in every region.
  const vpcs = await client.query('ec2', 'DescribeVpcs', EC2, {
    'Filter.1.Name': 'is-default',
    'Filter.1.Value.1': 'false',
  });
  found.push(...xmlElements(vpcs, 'vpcId').map((id) => `vpc ${id}`));
  // AWS (and moto) keep listing a deleted endpoint for a while, in state "deleted".
  const endpoints = await client.query('ec2', 'DescribeVpcEndpoints', EC2);
  // Endpoints hold nested <item> sets, so split at each endpoint id; its own state comes before any nested set.
  for (const chunk of endpoints.split('<vpcEndpointId>').slice(1)) {
    const id = chunk.slice(0, chunk.indexOf('<'));
    const state = xmlValue(chunk, 'state')?.toLowerCase();
    if (state !== 'deleted') found.push(`vpc endpoint ${id} (${state})`);
  }
  const { Functions = [] } = (await client.restGet<{ Functions?: { FunctionName: string }[] }>(
    'lambda',
    '/2015-03-31/functions/',
  )) ?? { Functions: [] };
  found.push(...Functions.map((f) => `function ${f.FunctionName}`));
  const { logGroups = [] } = await client.json<{ logGroups?: { logGroupName: string }[] }>(
    'logs',
    'Logs_20140328.DescribeLogGroups',
    {},
  );
  found.push(...logGroups.map((g) => `log group ${g.logGroupName}`));
  const roles = await client.query('iam', 'ListRoles', '2010-05-08');
  found.push(...xmlElements(roles, 'RoleName').map((r) => `role ${r}`));
  const policies = await client.query('iam', 'ListPolicies', '2010-05-08', { Scope: 'Local' });
  found.push(...xmlElements(policies, 'PolicyName').map((p) => `policy ${p}`));
  const dbs = await client.query('rds', 'DescribeDBInstances', '2014-10-31');
  found.push(...xmlElements(dbs, 'DBInstanceIdentifier').map((d) => `db instance ${d}`));
  const { Parameters = [] } = await client.json<{ Parameters?: { Name: string }[] }>(
    'ssm',
    'AmazonSSM.DescribeParameters',
    {},
  );
  found.push(...Parameters.map((p) => `parameter ${p.Name}`));
  const { QueueUrls = [] } = await client.json<{ QueueUrls?: string[] }>(
    'sqs',
    'AmazonSQS.ListQueues',
    {},
    'application/x-amz-json-1.0',
  );
  found.push(...QueueUrls.map((q) => `queue ${q}`));
  const { TableNames = [] } = await client.json<{ TableNames?: string[] }>(
    'dynamodb',
    'DynamoDB_20120810.ListTables',
    {},
    'application/x-amz-json-1.0',
  );
  found.push(...TableNames.map((t) => `dynamodb table ${t}`));
  const { EventSourceMappings = [] } = (await client.restGet<{ EventSourceMappings?: { UUID: string }[] }>(
    'lambda',
    '/2015-03-31/event-source-mappings/',
  )) ?? { EventSourceMappings: [] };
  found.push(...EventSourceMappings.map((m) => `event source mapping ${m.UUID}`));
  const topics = await client.query('sns', 'ListTopics', '2010-03-31');
  found.push(...xmlElements(topics, 'TopicArn').map((t) => `sns topic ${t}`));
  const alarms = await client.query('monitoring', 'DescribeAlarms', '2010-08-01');
  found.push(...xmlElements(alarms, 'AlarmName').map((a) => `alarm ${a}`));
  const kms = new KMSClient(sdkConfig(env));
  const { Keys = [] } = await kms.send(new ListKeysCommand({}));
  // The provider's aws_dynamodb_table read asks for alias/aws/dynamodb (to tell the AWS managed key from a customer
  // key; it ignores a refusal), and moto, like AWS, creates that AWS managed key on first reference. AWS managed keys
  // are AWS's to keep: never deleted, never billed.
  const { Aliases = [] } = await kms.send(new ListAliasesCommand({}));
  const awsManaged = new Set(
    Aliases.filter((a) => a.AliasName?.startsWith('alias/aws/') && a.TargetKeyId).map((a) => a.TargetKeyId),
  );
  for (const { KeyId } of Keys) {
    if (awsManaged.has(KeyId)) continue;
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId }));
    if (KeyMetadata?.KeyState !== 'PendingDeletion') {
      found.push(`kms key ${KeyId} (${KeyMetadata?.KeyState}: ${KeyMetadata?.Description})`);
    }
  }
  const { SecretList = [] } = await new SecretsManagerClient(sdkConfig(env)).send(
    new ListSecretsCommand({ IncludePlannedDeletion: true }),
  );
  found.push(...SecretList.filter((s) => !s.DeletedDate).map((s) => `secret ${s.Name}`));
  return found;
}

function writeTimings(): void {
  mkdirSync(testRunDir, { recursive: true });
  const report = {
    config: selection.configName,
    environments: selection.environments.map((e) => e.name),
    totalSeconds: Math.round((performance.now() - started) / 100) / 10,
    phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v * 10) / 10])),
    steps: Object.fromEntries([...runs].map(([name, env]) => [name, env.timings])),
  };
  writeFileSync(join(testRunDir, 'apply-timings.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`apply tests: ${JSON.stringify(report.phases)} total ${report.totalSeconds} s\n`);
}
