// How Lambda resources relate in the synthesized app: which function a URL or permission is for,
// which log group a function writes to, and what invokes a function asynchronously.
import type { Link, Resource } from './attributes';
import type { RuleContext } from './rule';

/** The function a `function_name` argument (name, ARN or reference) points at, if it is in the app. */
export function functionOf(value: Link, context: RuleContext): Resource | undefined {
  return context.referenced(value, 'aws_lambda_function', ['function_name', 'arn']);
}

/**
 * The log group a function writes to: its logging_config.log_group, or Lambda's default `/aws/lambda/<name>`.
 * `undefined` when the app does not create that log group (Lambda would then create one unencrypted, kept forever).
 */
export function logGroupOf(fn: Resource, context: RuleContext): Resource | undefined {
  const logging = fn.block('logging_config');
  if (logging?.isSet('log_group'))
    return context.referenced(logging.link('log_group'), 'aws_cloudwatch_log_group', ['name']);
  const functionName = fn.value('function_name');
  if (typeof functionName !== 'string') return undefined;
  return context.referenced(`/aws/lambda/${functionName}`, 'aws_cloudwatch_log_group', ['name']);
}

/** Service principals that invoke Lambda functions asynchronously (events are retried, then dropped). */
export const ASYNC_INVOKING_SERVICES = [
  's3.amazonaws.com',
  'sns.amazonaws.com',
  'events.amazonaws.com',
  'logs.amazonaws.com',
  'ses.amazonaws.com',
  'iot.amazonaws.com',
  'config.amazonaws.com',
  'codecommit.amazonaws.com',
  'lambda.alarms.cloudwatch.amazonaws.com',
];

/**
 * Addresses of the resources that make `fn` an asynchronously invoked function. Each candidate is first matched by
 * the link to the function; only then are its other values read, so an unresolved value elsewhere in the app does not
 * leave this function undecided, and one on a resource invoking it does.
 */
export function asyncSourcesOf(fn: Resource, context: RuleContext): string[] {
  const refersToFunction = (value: Link) => context.refersTo(value, fn, ['function_name', 'arn']);
  const sources = [
    ...context
      .ofType('aws_lambda_permission')
      .filter(
        (p) =>
          refersToFunction(p.link('function_name')) && ASYNC_INVOKING_SERVICES.includes(String(p.value('principal'))),
      ),
    ...context
      .ofType('aws_sns_topic_subscription')
      .filter((s) => refersToFunction(s.link('endpoint')) && s.value('protocol') === 'lambda'),
    ...context.ofType('aws_cloudwatch_event_target').filter((t) => refersToFunction(t.link('arn'))),
    ...context
      .ofType('aws_s3_bucket_notification')
      .filter((n) => n.blocks('lambda_function').some((l) => refersToFunction(l.link('lambda_function_arn')))),
    ...context
      .ofType('aws_lambda_function_event_invoke_config')
      .filter((c) => refersToFunction(c.link('function_name'))),
  ];
  return sources.map((source) => source.address);
}

/** Whether an event invoke config of the app sends failed async events of `fn` somewhere. */
export function hasOnFailureDestination(fn: Resource, context: RuleContext): boolean {
  return context
    .ofType('aws_lambda_function_event_invoke_config')
    .filter((c) => context.refersTo(c.link('function_name'), fn, ['function_name', 'arn']))
    .some((c) =>
      c.blocks('destination_config').some((d) => d.blocks('on_failure').some((f) => f.isSet('destination'))),
    );
}
