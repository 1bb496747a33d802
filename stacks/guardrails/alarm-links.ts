// How alarms and queues relate in the synthesized app: which alarms watch a metric of a resource, and which
// resources send their failures to a queue (making it a dead-letter queue).
import { blocks, isRecord } from './attributes';
import type { RuleContext, SynthesizedResource } from './rule';

/** The metric an alarm watches, written as CloudWatch names it. */
export interface WatchedMetric {
  readonly namespace: string;
  readonly metricName: string;
  /** The dimension that names the resource, e.g. FunctionName. */
  readonly dimension: string;
}

/** Every metric block of an alarm: the alarm's own, or each metric of its metric math queries. */
function metricsOf(alarm: SynthesizedResource): Record<string, unknown>[] {
  return [alarm.attributes, ...blocks(alarm.attributes.metric_query).flatMap((query) => blocks(query.metric))];
}

/**
 * Addresses of the alarms of the app that watch `metric` of `target`: the dimension's value is a reference to the
 * target (in its stack or across stacks) or one of its literal `literalAttributes` (e.g. its name).
 */
export function alarmsWatching(
  target: SynthesizedResource,
  metric: WatchedMetric,
  context: RuleContext,
  literalAttributes: readonly string[],
): string[] {
  return context
    .ofType('aws_cloudwatch_metric_alarm')
    .filter((alarm) =>
      metricsOf(alarm).some((block) => {
        if (block.namespace !== metric.namespace || block.metric_name !== metric.metricName) return false;
        const dimensions = isRecord(block.dimensions) ? block.dimensions : {};
        return context.refersTo(dimensions[metric.dimension], target, literalAttributes);
      }),
    )
    .map((alarm) => alarm.address);
}

/** Addresses of the resources that send failed events or messages to `queue`, which makes it a dead-letter queue. */
export function deadLetterSourcesOf(queue: SynthesizedResource, context: RuleContext): string[] {
  const refersToQueue = (value: unknown) => context.refersTo(value, queue, ['arn', 'url']);
  const sources = [
    ...context
      .ofType('aws_lambda_function')
      .filter((fn) => blocks(fn.attributes.dead_letter_config).some((d) => refersToQueue(d.target_arn))),
    ...context
      .ofType('aws_lambda_function_event_invoke_config')
      .filter((c) =>
        blocks(c.attributes.destination_config).some((d) =>
          blocks(d.on_failure).some((f) => refersToQueue(f.destination)),
        ),
      ),
    // redrive_policy is a JSON string; its deadLetterTargetArn is a reference inside it.
    ...context
      .ofType('aws_sqs_queue')
      .filter((other) => other.address !== queue.address && refersToQueue(other.attributes.redrive_policy)),
    ...context.ofType('aws_sqs_queue_redrive_policy').filter((r) => refersToQueue(r.attributes.redrive_policy)),
    ...context.ofType('aws_sns_topic_subscription').filter((s) => refersToQueue(s.attributes.redrive_policy)),
    ...context
      .ofType('aws_cloudwatch_event_target')
      .filter((t) => blocks(t.attributes.dead_letter_config).some((d) => refersToQueue(d.arn))),
    ...context
      .ofType('aws_lambda_event_source_mapping')
      .filter((m) =>
        blocks(m.attributes.destination_config).some((d) =>
          blocks(d.on_failure).some((f) => refersToQueue(f.destination_arn)),
        ),
      ),
  ];
  return sources.map((source) => source.address);
}
