import { alarmsWatching } from '../alarm-links';
import { compliant, defineRule, nonCompliant } from '../rule';

/** Somebody hears about a function failing: an alarm watches its Errors metric. */
export const LambdaErrorsAlarmed = defineRule({
  id: 'LambdaErrorsAlarmed',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: "every function's Errors metric has an alarm",
  fix: 'create the function with BundledFunction in a stack whose functions the monitoring stack watches (monitoredFunctions), or add a CloudwatchMetricAlarm on AWS/Lambda Errors with its FunctionName',
  check(fn, context) {
    const alarms = alarmsWatching(
      fn,
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimension: 'FunctionName' },
      context,
      ['function_name'],
    );
    if (alarms.length > 0) return compliant;
    return nonCompliant(
      'no alarm watches the AWS/Lambda Errors metric of this function, so its failures reach nobody',
      "make it a BundledFunction in the secrets or app stack (their outputs list every BundledFunction for <env>-monitoring's FunctionAlarms), or add a runbookAlarm on AWS/Lambda Errors with dimensions: { FunctionName: fn.functionName }",
    );
  },
});
