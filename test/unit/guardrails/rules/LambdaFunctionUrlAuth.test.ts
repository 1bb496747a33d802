import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { LambdaFunctionUrlAuth } from '../../../../lib/guardrails/rules/LambdaFunctionUrlAuth';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

describe('LambdaFunctionUrlAuth', () => {
  it('accepts an AWS_IAM URL', () => {
    const outcomes = checkRule(LambdaFunctionUrlAuth, (stack) => {
      const fn = compliantFunction(stack, 'fn', { tags: { Exposure: 'private' } });
      new LambdaFunctionUrl(stack, 'url', { functionName: fn.functionName, authorizationType: 'AWS_IAM' });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function_url.url')).toEqual({ status: 'compliant' });
  });

  it('accepts an open URL on a function marked public-signed', () => {
    const outcomes = checkRule(LambdaFunctionUrlAuth, (stack) => {
      const fn = compliantFunction(stack, 'fn', { tags: { Exposure: 'public-signed' } });
      new LambdaFunctionUrl(stack, 'url', { functionName: fn.functionName, authorizationType: 'NONE' });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function_url.url')).toEqual({ status: 'compliant' });
  });

  it('rejects an open URL on a function that does not verify signatures', () => {
    const outcomes = checkRule(LambdaFunctionUrlAuth, (stack) => {
      const fn = compliantFunction(stack, 'fn', { tags: { Exposure: 'internal' } });
      new LambdaFunctionUrl(stack, 'url', { functionName: fn.functionName, authorizationType: 'NONE' });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function_url.url')).toEqual(
      nonCompliantWith(/aws_lambda_function.fn is tagged Exposure=internal, not public-signed/),
    );
  });
  it('cannot decide an authorization type given as a Terraform expression', () => {
    const outcomes = checkRule(LambdaFunctionUrlAuth, (stack) => {
      const fn = compliantFunction(stack, 'fn', { tags: { Exposure: 'internal' } });
      new LambdaFunctionUrl(stack, 'url', { functionName: fn.functionName, authorizationType: '${var.url_auth}' });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_function_url.url')).toEqual(unresolvedWith(/authorization_type/));
  });
});
