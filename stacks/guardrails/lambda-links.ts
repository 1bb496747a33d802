// How Lambda resources relate in the synthesized app: which function a URL or permission is for,
// which log group a function writes to, and what invokes a function asynchronously.
import { blocks, isExpression, isSet } from './attributes';
import type { RuleContext, SynthesizedResource } from './rule';

/** The function a `function_name` argument (name, ARN or reference) points at, if it is in the app. */
export function functionOf(value: unknown, context: RuleContext): SynthesizedResource | undefined {
  return context.referenced(value, 'aws_lambda_function', ['function_name', 'arn']);
}

/**
 * The log group a function writes to: its logging_config.log_group, or Lambda's default `/aws/lambda/<name>`.
 * `undefined` when the app does not create that log group (Lambda would then create one unencrypted, kept forever).
 */
export function logGroupOf(fn: SynthesizedResource, context: RuleContext): SynthesizedResource | undefined {
  const configured = blocks(fn.attributes.logging_config)[0]?.log_group;
  const functionName = fn.attributes.function_name;
  const wanted = isSet(configured)
    ? configured
    : typeof functionName === 'string' && !isExpression(functionName)
      ? `/aws/lambda/${functionName}`
      : undefined;
  if (wanted === undefined) return undefined;
  return context.referenced(wanted, 'aws_cloudwatch_log_group', ['name']);
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

/** Addresses of the resources that make `fn` an asynchronously invoked function. */
export function asyncSourcesOf(fn: SynthesizedResource, context: RuleContext): string[] {
  const refersToFunction = (value: unknown) => context.refersTo(value, fn, ['function_name', 'arn']);
  const sources = [
    ...context
      .ofType('aws_lambda_permission')
      .filter(
        (p) =>
          ASYNC_INVOKING_SERVICES.includes(String(p.attributes.principal)) &&
          refersToFunction(p.attributes.function_name),
      ),
    ...context
      .ofType('aws_sns_topic_subscription')
      .filter((s) => s.attributes.protocol === 'lambda' && refersToFunction(s.attributes.endpoint)),
    ...context.ofType('aws_cloudwatch_event_target').filter((t) => refersToFunction(t.attributes.arn)),
    ...context
      .ofType('aws_s3_bucket_notification')
      .filter((n) => blocks(n.attributes.lambda_function).some((l) => refersToFunction(l.lambda_function_arn))),
    ...context
      .ofType('aws_lambda_function_event_invoke_config')
      .filter((c) => refersToFunction(c.attributes.function_name)),
  ];
  return sources.map((source) => source.address);
}

/** Whether an event invoke config of the app sends failed async events of `fn` somewhere. */
export function hasOnFailureDestination(fn: SynthesizedResource, context: RuleContext): boolean {
  return context
    .ofType('aws_lambda_function_event_invoke_config')
    .filter((c) => context.refersTo(c.attributes.function_name, fn, ['function_name', 'arn']))
    .some((c) =>
      blocks(c.attributes.destination_config).some((d) => blocks(d.on_failure).some((f) => isSet(f.destination))),
    );
}
