import { alarmsWatching, deadLetterSourcesOf } from '../alarm-links';
import { compliant, defineRule, nonCompliant, notApplicable } from '../rule';

/** A failed event kept in a dead-letter queue is noticed: an alarm fires when the queue holds any message. */
export const SqsDeadLetterQueueAlarmed = defineRule({
  id: 'SqsDeadLetterQueueAlarmed',
  severity: 'error',
  resourceTypes: ['aws_sqs_queue'],
  enforces: 'every dead-letter queue has an alarm on its ApproximateNumberOfMessagesVisible',
  fix: 'watch the queue with an alarm on AWS/SQS ApproximateNumberOfMessagesVisible > 0 (FunctionAlarms does for each BundledFunction)',
  check(queue, context) {
    const sources = deadLetterSourcesOf(queue, context);
    if (sources.length === 0) return notApplicable;
    const alarms = alarmsWatching(
      queue,
      { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimension: 'QueueName' },
      context,
      ['name'],
    );
    if (alarms.length > 0) return compliant;
    return nonCompliant(
      `the queue is the dead-letter target of ${sources.join(', ')} but no alarm watches its ApproximateNumberOfMessagesVisible, so failed events pile up unseen`,
      'add a runbookAlarm on AWS/SQS ApproximateNumberOfMessagesVisible (Maximum > 0) with dimensions: { QueueName: queue.name }, as FunctionAlarms does',
    );
  },
});
