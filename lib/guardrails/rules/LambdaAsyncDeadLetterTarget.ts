import { asyncSourcesOf, hasOnFailureDestination } from '../lambda-links';
import { compliant, defineRule, nonCompliant, notApplicable } from '../rule';

/** Events an asynchronously invoked function fails to process land in a queue instead of vanishing. */
export const LambdaAsyncDeadLetterTarget = defineRule({
  id: 'LambdaAsyncDeadLetterTarget',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: 'asynchronously invoked functions keep failed events in a dead-letter target',
  fix: 'set deadLetterConfig: { targetArn: queue.arn } (an encrypted SQS queue) or an on-failure destination',
  check(fn, context) {
    const sources = asyncSourcesOf(fn, context);
    if (sources.length === 0) return notApplicable;
    const hasDeadLetterQueue = fn.blocks('dead_letter_config').some((config) => config.isSet('target_arn'));
    if (hasDeadLetterQueue || hasOnFailureDestination(fn, context)) return compliant;
    return nonCompliant(
      `the function is invoked asynchronously (by ${sources.join(', ')}) but failed events have nowhere to go`,
      'set deadLetterConfig: { targetArn: dlq.arn } with a KMS-encrypted SqsQueue (BundledFunction creates one), or add a LambdaFunctionEventInvokeConfig with destinationConfig.onFailure',
    );
  },
});
