// Webhook delivery (issue 22) as it synthesizes in every fixture environment: the deliveries table, queue and
// dead-letter queue on the environment key, the private consumer fed by an event source mapping, the receiver's
// settings and grants, the endpoints the consumer reaches them through, and the alarms. An environment with
// `webhook.delivery: false` gets none of it.
import { validateProject } from '../../lib/config/validate';
import { FIXTURES } from '../fixtures';
import {
  type FixtureEnvironment,
  fixtureEnvironments,
  policyOf,
  resourcesOf,
  type StackJson,
  synthFixtureOnce,
} from '../support/synth';

type Resource = Record<string, unknown>;
type Statement = Record<string, unknown>;

/** The validated settings of one fixture environment (delivery defaults applied). */
function settingsOf(e: FixtureEnvironment) {
  const found = validateProject(e.fixture.project).environments.find((env) => env.name === e.env);
  if (!found) throw new Error(`no environment ${e.env}`);
  return found;
}

const ENVIRONMENTS = fixtureEnvironments(FIXTURES);
const DELIVERING = ENVIRONMENTS.filter((e) => settingsOf(e).webhook.delivery !== false);
const NOT_DELIVERING = ENVIRONMENTS.filter((e) => settingsOf(e).webhook.delivery === false);

/** `[address, resource]` of the one resource of `type` whose `field` is `value`. */
function find(stack: StackJson | undefined, type: string, field: string, value: unknown): [string, Resource] {
  const found = Object.entries(resourcesOf(stack, type)).find(([, r]) => r[field] === value);
  if (!found) throw new Error(`no ${type} with ${field}=${String(value)}`);
  return [`${type}.${found[0]}`, found[1]];
}

/** The statements of the inline policy of the role named `roleName`. */
function roleStatements(stack: StackJson | undefined, roleName: string): Statement[] {
  const [roleAddress] = find(stack, 'aws_iam_role', 'name', roleName);
  const policy = Object.values(resourcesOf(stack, 'aws_iam_role_policy')).find(
    (p) => p.role === `\${${roleAddress}.name}`,
  );
  return policyOf(policy?.policy).Statement;
}

const variablesOf = (fn: Resource) => (fn.environment as { variables: Record<string, string> }).variables;
const actionsOf = (s: Statement) => [s.Action].flat() as string[];
const DELIVERY_VARIABLES = ['WEBHOOK_QUEUE_URL', 'WEBHOOK_DELIVERIES_TABLE', 'WEBHOOK_DEDUPE_SECONDS'];

describe.each(DELIVERING)('webhook delivery in $fixture.name $env', (e) => {
  const { stacks } = synthFixtureOnce(e.fixture);
  const settings = settingsOf(e);
  const delivery = settings.webhook.delivery as { dedupeDays: number };
  const app = stacks[`${e.env}-app`];
  const name = `${e.prefix}-webhook-deliveries`;
  const [tableAddress, table] = find(app, 'aws_dynamodb_table', 'name', name);
  const [queueAddress, queue] = find(app, 'aws_sqs_queue', 'name', name);
  const [dlqAddress, dlq] = find(app, 'aws_sqs_queue', 'name', `${name}-dlq`);
  const [consumerAddress, consumer] = find(app, 'aws_lambda_function', 'function_name', `${e.prefix}-webhook-consumer`);
  const [, webhook] = find(app, 'aws_lambda_function', 'function_name', `${e.prefix}-webhook`);
  // The environment key as the app stack sees it: what every function's settings are encrypted with.
  const environmentKey = webhook.kms_key_arn;
  const mappings = Object.values(resourcesOf(app, 'aws_lambda_event_source_mapping')).filter(
    (m) => m.event_source_arn === `\${${queueAddress}.arn}`,
  );

  it('encrypts every queue of the app and the deliveries table with the environment key', () => {
    expect(environmentKey).toMatch(new RegExp(`cross-stack-reference-input-${e.env}-security`));
    for (const q of Object.values(resourcesOf(app, 'aws_sqs_queue'))) expect(q.kms_master_key_id).toBe(environmentKey);
    expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: environmentKey });
  });

  it('keys the on-demand table by id and lets DynamoDB expire records on `expiration`', () => {
    expect(table).toMatchObject({
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'id',
      attribute: [{ name: 'id', type: 'S' }],
      ttl: { attribute_name: 'expiration', enabled: true },
    });
  });

  it('protects the table with point-in-time recovery and deletion protection exactly in production', () => {
    expect(table.point_in_time_recovery).toEqual({ enabled: settings.production });
    expect(table.deletion_protection_enabled).toBe(settings.production);
  });

  it('moves a message after 5 receives to a dead-letter queue that outlives it, and hides it 6x the consumer timeout', () => {
    expect(JSON.parse(queue.redrive_policy as string)).toEqual({
      deadLetterTargetArn: `\${${dlqAddress}.arn}`,
      maxReceiveCount: 5,
    });
    expect(dlq.message_retention_seconds).toBe(14 * 86_400);
    // A standard queue's message keeps its first enqueue time in the DLQ: the DLQ must keep messages longer.
    expect(queue.message_retention_seconds as number).toBeLessThan(dlq.message_retention_seconds as number);
    expect(queue.visibility_timeout_seconds as number).toBeGreaterThanOrEqual(6 * (consumer.timeout as number));
  });

  it('feeds the consumer through one mapping that reports batch item failures, 10 at a time, with bounded concurrency', () => {
    expect(mappings).toHaveLength(1);
    const [mapping] = mappings as [Resource];
    expect(mapping).toMatchObject({
      function_name: `\${${consumerAddress}.arn}`,
      function_response_types: ['ReportBatchItemFailures'],
      batch_size: 10,
    });
    const { maximum_concurrency: maximum } = mapping.scaling_config as { maximum_concurrency: number };
    expect(maximum).toBeGreaterThanOrEqual(2);
    // More pollers than reserved instances would only throttle and burn receives towards the DLQ.
    expect(maximum).toBeLessThanOrEqual(consumer.reserved_concurrent_executions as number);
  });

  it('runs the consumer privately: in the isolated subnets with the function security group, and no URL', () => {
    expect(consumer.tags).toEqual({ Exposure: 'private' });
    expect(consumer.vpc_config).toEqual({
      subnet_ids: expect.arrayContaining([expect.stringMatching(new RegExp(`-${e.env}-network\\.outputs\\..*subnet`))]),
      security_group_ids: [expect.stringMatching(/network\.outputs\..*functions-sg/)],
    });
    const pointsAtConsumer = (r: Resource) => String(r.function_name).startsWith(`\${${consumerAddress}.`);
    expect(Object.values(resourcesOf(app, 'aws_lambda_function_url')).filter(pointsAtConsumer)).toEqual([]);
    expect(Object.values(resourcesOf(app, 'aws_lambda_permission')).filter(pointsAtConsumer)).toEqual([]);
  });

  it('gives the receiver and the consumer the table, the queue and the replay window as names and references only', () => {
    const dedupe = String(delivery.dedupeDays * 86_400);
    expect(variablesOf(webhook)).toMatchObject({
      WEBHOOK_QUEUE_URL: `\${${queueAddress}.url}`,
      WEBHOOK_DELIVERIES_TABLE: `\${${tableAddress}.name}`,
      WEBHOOK_DEDUPE_SECONDS: dedupe,
    });
    expect(variablesOf(consumer)).toMatchObject({
      WEBHOOK_DELIVERIES_TABLE: `\${${tableAddress}.name}`,
      WEBHOOK_DEDUPE_SECONDS: dedupe,
    });
    expect('WEBHOOK_QUEUE_URL' in variablesOf(consumer)).toBe(false);
  });

  it.each([
    ['webhook', ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], ['sqs:SendMessage']],
    [
      'webhook-consumer',
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
    ],
  ])(
    'lets the %s role use the table and the queue, and the key only through DynamoDB and SQS for them',
    (fn, itemActions, queueActions) => {
      const statements = roleStatements(app, `${e.prefix}-${fn}`);
      const on = (resource: string) => statements.filter((s) => s.Resource === resource).flatMap(actionsOf);

      expect(on(`\${${tableAddress}.arn}`)).toEqual(expect.arrayContaining(itemActions));
      expect(on(`\${${queueAddress}.arn}`)).toEqual(expect.arrayContaining(queueActions));
      const conditionOf = (s: Statement) => s.Condition as Record<string, Record<string, string>>;
      const viaDynamodb = statements.filter(
        (s) =>
          s.Resource === environmentKey && conditionOf(s).StringEquals?.['kms:ViaService']?.startsWith('dynamodb.'),
      );
      expect(viaDynamodb.flatMap(actionsOf)).toContain('kms:Decrypt');
      // Every use of the key through DynamoDB is for this table; DescribeKey carries no encryption context.
      for (const statement of viaDynamodb) {
        if (actionsOf(statement).every((a) => a === 'kms:DescribeKey')) continue;
        expect(conditionOf(statement).StringEquals?.['kms:EncryptionContext:aws:dynamodb:tableName']).toBe(name);
      }
      const viaSqsForQueue = statements.filter(
        (s) =>
          s.Resource === environmentKey &&
          (s.Condition as Record<string, Record<string, string>>).ArnEquals?.['kms:EncryptionContext:aws:sqs:arn'] ===
            `\${${queueAddress}.arn}`,
      );
      expect(viaSqsForQueue.flatMap(actionsOf)).toContain('kms:Decrypt');
    },
  );

  it('reaches SQS through an interface endpoint and DynamoDB through a gateway endpoint, HTTPS only', () => {
    const network = stacks[`${e.env}-network`];
    const endpoints = Object.entries(resourcesOf(network, 'aws_vpc_endpoint'));
    const [, sqs] = find(network, 'aws_vpc_endpoint', 'service_name', `com.amazonaws.${e.input.region}.sqs`);
    const [gatewayKey, gateway] =
      endpoints.find(([, r]) => r.service_name === `com.amazonaws.${e.input.region}.dynamodb`) ?? [];

    expect(sqs).toMatchObject({ vpc_endpoint_type: 'Interface', private_dns_enabled: true });
    expect(gateway).toMatchObject({
      vpc_endpoint_type: 'Gateway',
      route_table_ids: [expect.stringMatching(/^\$\{aws_route_table\..*isolated-routes.*\.id\}$/)],
    });
    const toPrefixLists = Object.values(resourcesOf(network, 'aws_vpc_security_group_egress_rule')).filter(
      (rule) => rule.prefix_list_id !== undefined,
    );
    expect(toPrefixLists).toEqual([
      expect.objectContaining({
        prefix_list_id: `\${aws_vpc_endpoint.${gatewayKey}.prefix_list_id}`,
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
      }),
    ]);
  });

  it("alarms on the queue's oldest message and the dead-letter depth, and on the consumer as on every function", () => {
    const alarms = Object.values(resourcesOf(stacks[`${e.env}-monitoring`], 'aws_cloudwatch_metric_alarm'));
    const watching = (metric: string, queueAddressInApp: string) =>
      alarms.filter(
        (a) =>
          a.metric_name === metric &&
          new RegExp(`${queueAddressInApp.replace('aws_sqs_queue.', 'aws_sqs_queue')}name`).test(
            String((a.dimensions as Record<string, string>).QueueName),
          ),
      );

    expect(watching('ApproximateAgeOfOldestMessage', queueAddress)).toHaveLength(1);
    expect(watching('ApproximateNumberOfMessagesVisible', dlqAddress)).toEqual([
      expect.objectContaining({ comparison_operator: 'GreaterThanThreshold', threshold: 0 }),
    ]);
    const names = alarms.map((a) => a.alarm_name);
    for (const suffix of ['errors', 'throttles', 'dlq-not-empty']) {
      expect(names).toContain(`${e.prefix}-webhook-consumer-${suffix}`);
    }
  });

  it('publishes the queue, dead-letter queue and table for the redrive runbook', () => {
    expect(app?.output?.webhookDelivery?.value).toEqual({
      queueUrl: `\${${queueAddress}.url}`,
      queueArn: `\${${queueAddress}.arn}`,
      queueName: `\${${queueAddress}.name}`,
      deadLetterQueueUrl: `\${${dlqAddress}.url}`,
      deadLetterQueueArn: `\${${dlqAddress}.arn}`,
      deadLetterQueueName: `\${${dlqAddress}.name}`,
      tableName: `\${${tableAddress}.name}`,
    });
  });
});

describe.each(NOT_DELIVERING)('webhook delivery off in $fixture.name $env', (e) => {
  const { stacks } = synthFixtureOnce(e.fixture);
  const app = stacks[`${e.env}-app`];
  const network = stacks[`${e.env}-network`];

  it('creates no table, mapping, consumer or delivery setting: the webhook verifies and acknowledges', () => {
    // A team's own tables and mappings may exist; none of them is delivery's.
    const tables = Object.values(resourcesOf(app, 'aws_dynamodb_table'));
    expect(tables.map((t) => t.name)).not.toContain(`${e.prefix}-webhook-deliveries`);
    const queues = Object.values(resourcesOf(app, 'aws_sqs_queue')).map((q) => String(q.name));
    expect(queues.filter((name) => name.startsWith(`${e.prefix}-webhook-deliveries`))).toEqual([]);
    const functions = Object.values(resourcesOf(app, 'aws_lambda_function'));
    expect(functions.map((f) => f.function_name)).not.toContain(`${e.prefix}-webhook-consumer`);
    for (const fn of functions) {
      for (const variable of DELIVERY_VARIABLES) expect(Object.keys(variablesOf(fn))).not.toContain(variable);
    }
    expect(app?.output?.webhookDelivery).toBeUndefined();
  });

  it('adds no gateway endpoint, no prefix-list egress and no SQS endpoint the environment did not list', () => {
    const endpoints = Object.values(resourcesOf(network, 'aws_vpc_endpoint'));
    expect(endpoints.filter((r) => r.vpc_endpoint_type === 'Gateway')).toEqual([]);
    expect(endpoints.map((r) => String(r.service_name).split('.').pop()).sort()).toEqual(
      [...(e.input.vpcEndpoints ?? [])].sort(),
    );
    const egress = Object.values(resourcesOf(network, 'aws_vpc_security_group_egress_rule'));
    expect(egress.filter((rule) => rule.prefix_list_id !== undefined)).toEqual([]);
  });
});

it('covers both an environment with delivery and one without', () => {
  expect(DELIVERING.length).toBeGreaterThan(0);
  expect(NOT_DELIVERING.length).toBeGreaterThan(0);
});
