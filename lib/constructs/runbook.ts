// What every alarm of an environment means and what to do about it. Alarm descriptions are built from these
// entries, and docs/alarms-runbook.md has one entry per title (a test keeps them in step).
import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { Construct } from 'constructs';

/** One kind of alarm: its runbook heading, what firing means, and the first things to do. */
export interface RunbookEntry {
  /** Heading of its entry in docs/alarms-runbook.md. */
  readonly title: string;
  /** What it means when it fires, in one or two sentences. */
  readonly meaning: string;
  /** What to do first, in one or two sentences. */
  readonly action: string;
}

export const RUNBOOK = {
  functionErrors: {
    title: 'Function errors',
    meaning: 'The function failed (threw, timed out or ran out of memory) at least once in 5 minutes.',
    action:
      'Open its log group and search for level ERROR around the alarm time; a rotation function failing also triggers "Secret rotation failed".',
  },
  functionThrottles: {
    title: 'Function throttles',
    meaning: 'Lambda refused invocations because the function reached its reserved concurrency.',
    action:
      'Check for a traffic spike or slow calls in its Duration metric; raise reservedConcurrency in config/environments.ts only if the load is legitimate.',
  },
  deadLetterMessages: {
    title: 'Dead-letter queue not empty',
    meaning: 'An asynchronous invocation failed after every retry and its event was kept in the dead-letter queue.',
    action:
      'Read the message (aws sqs receive-message) to see the event and the error attributes, fix the cause, then replay or delete it.',
  },
  webhookUnavailable: {
    title: 'Webhook answering 503',
    meaning: 'The webhook could not read or use its signing secret, so it refused deliveries with 503.',
    action:
      'Look for reason secret_unavailable or invalid_signing_secret in the webhook log; check the secret has an AWSCURRENT value, its last rotation and the function role.',
  },
  webhookUnauthorizedSpike: {
    title: 'Webhook 401s above normal',
    meaning:
      'Far more requests than usual failed signature or timestamp checks: a sender signs with an old secret or a wrong clock, or someone is probing the URL.',
    action:
      'Group the webhook log by reason (signature_mismatch, timestamp_out_of_tolerance); if all come from your sender, give it the current secret; a probe needs no action beyond watching.',
  },
  webhookQueueBacklog: {
    title: 'Webhook deliveries waiting',
    meaning:
      'The oldest message in the webhook deliveries queue has waited more than 15 minutes: the consumer is failing, throttled or stopped, and events are not being handled.',
    action:
      'Check the webhook-consumer alarms and log (errors, throttles, timeouts); messages are kept 4 days, and each moves to the dead-letter queue after 5 failed receives.',
  },
  webhookDeadLetters: {
    title: 'Webhook deliveries dead-lettered',
    meaning:
      'A webhook event failed in the consumer 5 times and was moved to the deliveries dead-letter queue, where it is kept 14 days.',
    action:
      'Find the failure in the webhook-consumer log by delivery id, fix the handler, deploy, then move the messages back with aws sqs start-message-move-task --source-arn <deadLetterQueueArn> (docs/webhook-delivery-config.md).',
  },
  rotationFailed: {
    title: 'Secret rotation failed',
    meaning: 'Secrets Manager reported a failed or abandoned rotation; the secret keeps its previous value.',
    action:
      'Read the rotation function log for the step that failed, fix it, then retry with aws secretsmanager rotate-secret (docs/secret-rotation.md, "Rotate by hand").',
  },
  databaseCpu: {
    title: 'Database CPU high',
    meaning: 'The database used more than 80% CPU for 15 minutes.',
    action:
      'Find the expensive queries (pg_stat_statements, Performance Insights) and check the API load; a larger instanceClass is the last resort.',
  },
  databaseFreeStorage: {
    title: 'Database storage low',
    meaning: 'Less than 10% of the allocated storage is free; the database stops accepting writes when it is full.',
    action:
      'Find what grew (tables, WAL, logs), clean up, or raise database.allocatedStorageGb in config/environments.ts and deploy.',
  },
  databaseConnections: {
    title: 'Database connections high',
    meaning: 'More connections are open than the API and the rotation functions can open between them.',
    action:
      'Look for connection leaks in the API log and for clients outside the template (pg_stat_activity); the API opens at most one per concurrent instance.',
  },
} as const satisfies Record<string, RunbookEntry>;

export type RunbookKind = keyof typeof RUNBOOK;

/** The description of an alarm about `subject`: what it means, what to do, and where the runbook entry is. */
export function runbookDescription(kind: RunbookKind, subject: string): string {
  const entry: RunbookEntry = RUNBOOK[kind];
  return `${subject}: ${entry.meaning} Do: ${entry.action} Runbook: docs/alarms-runbook.md, "${entry.title}".`;
}

/** Props of an alarm that notifies the environment's alarm topic. */
export type RunbookAlarmProps = Omit<CloudwatchMetricAlarmConfig, 'alarmDescription' | 'alarmActions' | 'okActions'> & {
  readonly kind: RunbookKind;
  /** What the alarm watches, e.g. the function name; starts its description. */
  readonly subject: string;
  /** ARN of the alarm topic: notified when the alarm fires and when it recovers. */
  readonly topicArn: string;
};

/** A CloudWatch alarm with its runbook description that notifies the alarm topic on ALARM and on OK. */
export function runbookAlarm(scope: Construct, id: string, props: RunbookAlarmProps): CloudwatchMetricAlarm {
  const { kind, subject, topicArn, ...config } = props;
  return new CloudwatchMetricAlarm(scope, id, {
    treatMissingData: 'notBreaching',
    ...config,
    alarmDescription: runbookDescription(kind, subject),
    alarmActions: [topicArn],
    okActions: [topicArn],
  });
}
