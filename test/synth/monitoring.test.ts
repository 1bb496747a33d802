// The monitoring stack on every fixture config: each alarm notifies the environment's topic, every function and
// dead-letter queue is watched, and the guardrails stop a function or dead-letter queue added without its alarm.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { App } from 'cdktf';
import { validateProject } from '../../lib/config/validate';
import { BundledFunction } from '../../lib/constructs/bundled-function';
import { RUNBOOK } from '../../lib/constructs/runbook';
import { applyGuardrails, formatFinding, GuardrailsError } from '../../lib/guardrails';
import type { EnvironmentStacks } from '../../stacks/environment';
import { functionBasics } from '../../stacks/function-defaults';
import { buildProject } from '../../stacks/project';
import { allFeatures, FIXTURES, type Fixture, singleAccount } from '../fixtures';
import { resolveReference } from '../support/secret-readers';
import { onlyResource, policyOf, resourcesOf, type StackJson, synthFixtureOnce } from '../support/synth';

type Resource = Record<string, unknown>;

const TOPIC_REFERENCE = /^\$\{aws_sns_topic\.alarm-topic_\w+\.arn\}$/;

describe.each(FIXTURES)('monitoring of fixture $name', (fixture) => {
  const { stacks } = synthFixtureOnce(fixture);
  const environments = validateProject(fixture.project).environments;

  describe.each(environments.map((env) => [env.name, env] as const))('environment %s', (name, env) => {
    const monitoring = stacks[`${name}-monitoring`];
    const prefix = `${fixture.project.name}-${name}`;
    const alarms = Object.values(resourcesOf(monitoring, 'aws_cloudwatch_metric_alarm'));
    // Every function of every stack of the environment, whatever a team has added.
    const functions = Object.entries(stacks)
      .filter(([id]) => id.startsWith(`${name}-`))
      .flatMap(([, stack]) => Object.values(resourcesOf(stack, 'aws_lambda_function')));

    it('has one alarm topic encrypted with the environment key, subscribed as configured', () => {
      const topic = onlyResource(monitoring, 'aws_sns_topic');
      expect(topic.name).toBe(`${prefix}-alarms`);
      expect(topic.kms_master_key_id).toMatch(
        /cross-stack-reference-input-[\w-]+-security\.outputs\.cross-stack-output-aws_kms_key/,
      );

      const subscriptions = Object.values(resourcesOf(monitoring, 'aws_sns_topic_subscription'));
      expect(subscriptions.filter((s) => s.protocol === 'email').map((s) => s.endpoint)).toEqual(env.alarms.emails);
      expect(subscriptions.filter((s) => s.protocol === 'https').map((s) => s.endpoint)).toEqual(
        env.alarms.httpsEndpoint ? [env.alarms.httpsEndpoint] : [],
      );
    });

    it("lets only this account's CloudWatch alarms and EventBridge rules of the environment publish", () => {
      const statements = policyOf(onlyResource(monitoring, 'aws_sns_topic_policy').policy).Statement;
      expect(statements.map((s) => [s.Effect, s.Principal, s.Action])).toEqual([
        ['Allow', { Service: 'cloudwatch.amazonaws.com' }, 'sns:Publish'],
        ['Allow', { Service: 'events.amazonaws.com' }, 'sns:Publish'],
      ]);
      expect(statements.map((s) => s.Condition)).toEqual([
        {
          StringEquals: { 'aws:SourceAccount': env.accountId },
          ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${env.region}:${env.accountId}:alarm:${prefix}-*` },
        },
        {
          StringEquals: { 'aws:SourceAccount': env.accountId },
          ArnLike: { 'aws:SourceArn': `arn:aws:events:${env.region}:${env.accountId}:rule/${prefix}-*` },
        },
      ]);
    });

    it('wires every alarm to the topic on ALARM and OK, with a runbook description and a name the key policy admits', () => {
      expect(alarms.length).toBeGreaterThan(0);
      for (const alarm of alarms) {
        expect(alarm.alarm_actions).toEqual([expect.stringMatching(TOPIC_REFERENCE)]);
        expect(alarm.ok_actions).toEqual([expect.stringMatching(TOPIC_REFERENCE)]);
        expect(alarm.alarm_description).toMatch(/Do: .+ Runbook: docs\/alarms-runbook\.md, "[^"]+"\.$/);
        expect(String(alarm.alarm_name).startsWith(`${prefix}-`)).toBe(true);
      }
    });

    it('alarms on Errors, Throttles and the dead-letter queue of every function of the environment', () => {
      expect(functions.map((fn) => fn.function_name)).toContain(`${prefix}-webhook`);
      const byName = new Map(alarms.map((alarm) => [alarm.alarm_name, alarm]));
      for (const fn of functions) {
        const name = String(fn.function_name);
        expect(byName.get(`${name}-errors`)).toMatchObject({ namespace: 'AWS/Lambda', metric_name: 'Errors' });
        expect(byName.get(`${name}-throttles`)).toMatchObject({ namespace: 'AWS/Lambda', metric_name: 'Throttles' });
        expect(byName.get(`${name}-dlq-not-empty`)).toMatchObject({
          namespace: 'AWS/SQS',
          metric_name: 'ApproximateNumberOfMessagesVisible',
          comparison_operator: 'GreaterThanThreshold',
          threshold: 0,
        });
      }
    });

    it("alarms on the webhook's 503 answers and on 401s above their usual band, counted from its JSON logs", () => {
      const filters = Object.values(resourcesOf(monitoring, 'aws_cloudwatch_log_metric_filter'));
      const webhookFilters = filters.filter((f) => String(f.log_group_name).includes('webhook_logs'));
      expect(webhookFilters.map((f) => f.pattern)).toEqual(
        expect.arrayContaining([
          '{ $.outcome = "failed" && $.status = 503 }',
          '{ $.outcome = "rejected" && $.status = 401 }',
        ]),
      );
      const unavailable = alarms.find((a) => a.alarm_name === `${prefix}-webhook-unavailable`);
      expect(unavailable).toMatchObject({
        metric_name: 'WebhookUnavailable',
        namespace: `${fixture.project.name}/${name}`,
      });
      const spike = alarms.find((a) => a.alarm_name === `${prefix}-webhook-unauthorized-spike`);
      expect(spike).toMatchObject({ comparison_operator: 'GreaterThanUpperThreshold', threshold_metric_id: 'band' });
    });

    it("sends Secrets Manager's rotation failure events for every secret of the environment to the topic", () => {
      const rule = onlyResource(monitoring, 'aws_cloudwatch_event_rule');
      const pattern = JSON.parse(String(rule.event_pattern));
      expect(pattern).toMatchObject({
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        detail: {
          eventSource: ['secretsmanager.amazonaws.com'],
          eventName: expect.arrayContaining(['RotationFailed']),
        },
      });
      // Every secret that rotates, automatically or by an operator's RotateSecret, and the RDS-managed master secret.
      const watched = (pattern.detail.additionalEventData.SecretId as string[]).map((id) =>
        resolveReference(stacks, `${name}-monitoring`, id),
      );
      const secretsStack = stacks[`${name}-secrets`];
      const rotating = [
        ...Object.values(resourcesOf(secretsStack, 'aws_secretsmanager_secret_rotation')).map((r) => r.secret_id),
        ...Object.keys(resourcesOf(secretsStack, 'aws_db_instance')).map(
          (db) => `\${aws_db_instance.${db}.master_user_secret[0].secret_arn}`,
        ),
      ].map((arn) => resolveReference(stacks, `${name}-secrets`, arn));
      expect(watched).toEqual(expect.arrayContaining(rotating));
      expect(new Set(watched).size).toBe(watched.length);
      expect(onlyResource(monitoring, 'aws_cloudwatch_event_target').arn).toMatch(TOPIC_REFERENCE);
    });

    it('alarms on database CPU, free storage and connections only where a database exists', () => {
      const databaseAlarms = alarms.filter((a) => a.namespace === 'AWS/RDS').map((a) => a.metric_name);
      expect(databaseAlarms.sort()).toEqual(
        env.database.enabled ? ['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace'] : [],
      );
    });

    it('has a monthly budget with the configured amount and actual and forecast alerts to its recipients', () => {
      const budget = onlyResource(monitoring, 'aws_budgets_budget');
      expect(budget).toMatchObject({ budget_type: 'COST', time_unit: 'MONTHLY', limit_unit: 'USD' });
      expect(Number(budget.limit_amount)).toBe(env.budget.monthlyUsd);
      const notifications = (budget.notification ?? []) as Resource[];
      if (env.budget.recipients.length === 0) {
        expect(notifications).toEqual([]);
      } else {
        expect(notifications.map((n) => n.notification_type).sort()).toEqual(['ACTUAL', 'ACTUAL', 'FORECASTED']);
        for (const n of notifications) expect(n.subscriber_email_addresses).toEqual(env.budget.recipients);
      }
    });

    it('has a dashboard with the webhook outcomes, API latency and errors, and rotation outcomes', () => {
      const body = JSON.parse(String(onlyResource(monitoring, 'aws_cloudwatch_dashboard').dashboard_body));
      const titles = body.widgets.map((w: { properties: { title: string } }) => w.properties.title);
      expect(titles).toEqual(
        expect.arrayContaining([
          'Webhook requests by outcome',
          'API latency (ms)',
          'API requests and errors',
          'Secret rotations',
        ]),
      );
      const alarmWidget = body.widgets.find((w: { type: string }) => w.type === 'alarm');
      expect(alarmWidget.properties.alarms).toHaveLength(alarms.length);
    });
  });
});

describe('the environment key lets the alarm publishers use it', () => {
  it('grants CloudWatch (source-bound) and EventBridge (topic-bound) data keys for the environment topics only', () => {
    const { stacks } = synthFixtureOnce(singleAccount);
    const key = onlyResource(stacks['sandbox-security'] as StackJson, 'aws_kms_key');
    const statements = policyOf(key.policy).Statement;
    const topics = 'arn:aws:sns:us-east-1:123456789012:solo-sandbox-*';

    expect(statements.find((s) => s.Sid === 'CloudWatchAlarmsPublishToEncryptedTopic')).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: {
          'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:solo-sandbox-*',
          'kms:EncryptionContext:aws:sns:topicArn': topics,
        },
      },
    });
    expect(statements.find((s) => s.Sid === 'EventBridgeRulesPublishToEncryptedTopic')).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': topics } },
    });
  });
});

describe('the runbook', () => {
  it('has an entry in docs/alarms-runbook.md for every kind of alarm', () => {
    const runbook = readFileSync(join(__dirname, '../../docs/alarms-runbook.md'), 'utf8');
    for (const entry of Object.values(RUNBOOK)) expect(runbook).toContain(`\n## ${entry.title}\n`);
  });
});

describe('guardrails on monitoring', () => {
  function guardedSynth(change: (envs: EnvironmentStacks[]) => void, fixture: Fixture = allFeatures): unknown {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'monitoring-')) });
    change(buildProject(app, fixture.project));
    applyGuardrails(app, { log: () => {} });
    try {
      app.synth();
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it.each(FIXTURES)('synthesizes fixture $name with its alarms and no guardrail errors', (fixture) => {
    const error = guardedSynth(() => {}, fixture);
    expect(error instanceof GuardrailsError ? error.report.errors.map(formatFinding) : error).toBeUndefined();
  });

  it('fails synth when a function is added after the monitoring stack was built, naming its missing alarms', () => {
    const error = guardedSynth((envs) => {
      const stage = envs.find((env) => env.app.environment.name === 'stage');
      if (!stage) throw new Error('no stage environment');
      new BundledFunction(stage.app, 'unwatched', {
        ...functionBasics(stage.app, stage.security.outputs),
        bundle: 'webhook',
        functionName: 'unwatched',
        description: 'A function nobody watches',
        reservedConcurrency: 1,
        statements: [],
      });
    });

    expect(error).toBeInstanceOf(GuardrailsError);
    const findings = (error as GuardrailsError).report.errors.map((f) => `${f.ruleId} ${f.resource.path}`);
    expect(findings.sort()).toEqual([
      'LambdaErrorsAlarmed stage-app/unwatched/function',
      'SqsDeadLetterQueueAlarmed stage-app/unwatched/dlq/Default',
    ]);
  });

  it('fails synth when a queue becomes a dead-letter queue without an alarm', () => {
    const error = guardedSynth((envs) => {
      const prod = envs.find((env) => env.app.environment.name === 'prod');
      if (!prod) throw new Error('no prod environment');
      const keyArn = prod.security.outputs.keyArn;
      const dlq = new SqsQueue(prod.app, 'jobs-dlq', { name: 'full-prod-jobs-dlq', kmsMasterKeyId: keyArn });
      new SqsQueue(prod.app, 'jobs', {
        name: 'full-prod-jobs',
        kmsMasterKeyId: keyArn,
        redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }),
      });
    });

    expect(error).toBeInstanceOf(GuardrailsError);
    expect((error as GuardrailsError).message).toMatch(
      /SqsDeadLetterQueueAlarmed: prod-app\/jobs-dlq \(aws_sqs_queue\.jobs-dlq\): the queue is the dead-letter target of aws_sqs_queue\.jobs/,
    );
  });
});
