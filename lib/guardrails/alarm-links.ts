// How alarms and queues relate in the synthesized app: which alarms watch a metric of a resource, and which
// resources send their failures to a queue (making it a dead-letter queue).
import type { Attributes, Link, Resource } from './attributes';
import type { RuleContext } from './rule';

/** The metric an alarm watches, written as CloudWatch names it. */
export interface WatchedMetric {
  readonly namespace: string;
  readonly metricName: string;
  /** The dimension that names the resource, e.g. FunctionName. */
  readonly dimension: string;
}

/** Every metric block of an alarm: the alarm's own, or each metric of its metric math queries. */
function metricsOf(alarm: Resource): Attributes[] {
  return [alarm, ...alarm.blocks('metric_query').flatMap((query) => query.blocks('metric'))];
}

/** The value of one dimension of a metric block, as a link. */
function dimensionOf(metric: Attributes, dimension: string): Link | undefined {
  return metric.blocks('dimensions').map((dimensions) => dimensions.link(dimension))[0];
}

/**
 * Addresses of the alarms of the app that watch `metric` of `target`: the dimension's value is a reference to the
 * target (in its stack or across stacks) or one of its literal `literalAttributes` (e.g. its name). An alarm is matched
 * by that dimension first; only then are its namespace and metric read (an unresolved one leaves the rule undecided).
 */
export function alarmsWatching(
  target: Resource,
  metric: WatchedMetric,
  context: RuleContext,
  literalAttributes: readonly string[],
): string[] {
  return context
    .ofType('aws_cloudwatch_metric_alarm')
    .filter((alarm) =>
      metricsOf(alarm).some((block) => {
        const dimension = dimensionOf(block, metric.dimension);
        if (!dimension || !context.refersTo(dimension, target, literalAttributes)) return false;
        return block.value('namespace') === metric.namespace && block.value('metric_name') === metric.metricName;
      }),
    )
    .map((alarm) => alarm.address);
}

/** Addresses of the resources that send failed events or messages to `queue`, which makes it a dead-letter queue. */
export function deadLetterSourcesOf(queue: Resource, context: RuleContext): string[] {
  const refersToQueue = (value: Link) => context.refersTo(value, queue, ['arn', 'url']);
  const onFailure = (resource: Resource, attribute: string) =>
    resource
      .blocks('destination_config')
      .some((d) => d.blocks('on_failure').some((f) => refersToQueue(f.link(attribute))));
  const sources = [
    ...context
      .ofType('aws_lambda_function')
      .filter((fn) => fn.blocks('dead_letter_config').some((d) => refersToQueue(d.link('target_arn')))),
    ...context.ofType('aws_lambda_function_event_invoke_config').filter((c) => onFailure(c, 'destination')),
    // redrive_policy is a JSON string; its deadLetterTargetArn is a reference inside it.
    ...context
      .ofType('aws_sqs_queue')
      .filter((other) => other.address !== queue.address && refersToQueue(other.link('redrive_policy'))),
    ...context.ofType('aws_sqs_queue_redrive_policy').filter((r) => refersToQueue(r.link('redrive_policy'))),
    ...context.ofType('aws_sns_topic_subscription').filter((s) => refersToQueue(s.link('redrive_policy'))),
    ...context
      .ofType('aws_cloudwatch_event_target')
      .filter((t) => t.blocks('dead_letter_config').some((d) => refersToQueue(d.link('arn')))),
    ...context.ofType('aws_lambda_event_source_mapping').filter((m) => onFailure(m, 'destination_arn')),
  ];
  return sources.map((source) => source.address);
}
