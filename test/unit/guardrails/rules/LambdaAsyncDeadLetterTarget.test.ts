import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { TerraformVariable } from 'cdktf';
import { LambdaAsyncDeadLetterTarget } from '../../../../lib/guardrails/rules/LambdaAsyncDeadLetterTarget';
import { ACCOUNT, checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:events`;
const QUEUE = `arn:aws:sqs:eu-west-1:${ACCOUNT}:acme-dev-fn-dlq`;

describe('LambdaAsyncDeadLetterTarget', () => {
  it('accepts an SNS-invoked function with a dead-letter queue', () => {
    const outcomes = checkRule(LambdaAsyncDeadLetterTarget, (stack) => {
      const fn = compliantFunction(stack, 'fn', { deadLetterConfig: { targetArn: QUEUE } });
      new LambdaPermission(stack, 'sns', {
        functionName: fn.functionName,
        action: 'lambda:InvokeFunction',
        principal: 'sns.amazonaws.com',
        sourceArn: TOPIC,
      });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'compliant' });
  });

  it('rejects an SNS-invoked function without a dead-letter target and names the invoker', () => {
    const outcomes = checkRule(LambdaAsyncDeadLetterTarget, (stack) => {
      const fn = compliantFunction(stack, 'fn');
      new LambdaPermission(stack, 'sns', {
        functionName: fn.functionName,
        action: 'lambda:InvokeFunction',
        principal: 'sns.amazonaws.com',
        sourceArn: TOPIC,
      });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(
      nonCompliantWith(/invoked asynchronously \(by aws_lambda_permission.sns\)/),
    );
  });

  it('does not apply to a function only invoked synchronously', () => {
    const outcomes = checkRule(LambdaAsyncDeadLetterTarget, (stack) => compliantFunction(stack, 'fn'));

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'not-applicable' });
  });

  it('cannot decide when a permission on the function names its principal by a variable (it could be SNS)', () => {
    const outcomes = checkRule(LambdaAsyncDeadLetterTarget, (stack) => {
      const fn = compliantFunction(stack, 'fn');
      const principal = new TerraformVariable(stack, 'principal', { type: 'string' });
      new LambdaPermission(stack, 'invoker', {
        functionName: fn.functionName,
        action: 'lambda:InvokeFunction',
        principal: principal.stringValue,
        sourceArn: TOPIC,
      });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(
      unresolvedWith(/^aws_lambda_permission\.invoker principal is "\$\{var\.principal\}"/),
    );
  });
});
