import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { LambdaErrorsAlarmed } from '../../../../lib/guardrails/rules/LambdaErrorsAlarmed';
import { ACCOUNT, checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:acme-dev-alarms`;

/** An alarm on one AWS/Lambda metric of one function, notifying TOPIC. */
function lambdaAlarm(stack: Construct, id: string, metricName: string, functionName: string): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(stack, id, {
    alarmName: `acme-dev-${id}`,
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { FunctionName: functionName },
    statistic: 'Sum',
    period: 300,
    evaluationPeriods: 1,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
    alarmActions: [TOPIC],
  });
}

describe('LambdaErrorsAlarmed', () => {
  it('accepts a function whose Errors metric an alarm watches by reference', () => {
    const outcomes = checkRule(LambdaErrorsAlarmed, (stack) => {
      const fn = compliantFunction(stack, 'fn');
      lambdaAlarm(stack, 'fn-errors', 'Errors', fn.functionName);
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'compliant' });
  });

  it("rejects a function whose only alarm watches another metric or another function's errors", () => {
    const outcomes = checkRule(LambdaErrorsAlarmed, (stack) => {
      const fn = compliantFunction(stack, 'fn');
      compliantFunction(stack, 'other');
      lambdaAlarm(stack, 'throttles', 'Throttles', fn.functionName);
      lambdaAlarm(stack, 'other-errors', 'Errors', 'acme-dev-other');
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(
      nonCompliantWith(/no alarm watches the AWS\/Lambda Errors/),
    );
    expect(outcomeOf(outcomes, 'aws_lambda_function.other')).toEqual({ status: 'compliant' });
  });

  it('cannot decide when the alarm on the function names its metric by a variable', () => {
    const outcomes = checkRule(LambdaErrorsAlarmed, (stack) => {
      const fn = compliantFunction(stack, 'fn');
      const metric = new TerraformVariable(stack, 'metric', { type: 'string' });
      lambdaAlarm(stack, 'fn-errors', metric.stringValue, fn.functionName);
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(
      unresolvedWith(/^aws_cloudwatch_metric_alarm\.fn-errors metric_name is "\$\{var\.metric\}"/),
    );
  });
});
