import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { LambdaPermissionScoped } from '../../../../lib/guardrails/rules/LambdaPermissionScoped';
import { ACCOUNT, checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

const SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:acme/dev/x`;

describe('LambdaPermissionScoped', () => {
  it('accepts a service permission with a source account and ARN', () => {
    const outcomes = checkRule(LambdaPermissionScoped, (stack) => {
      const fn = compliantFunction(stack, 'fn');
      new LambdaPermission(stack, 'rotation', {
        functionName: fn.functionName,
        action: 'lambda:InvokeFunction',
        principal: 'secretsmanager.amazonaws.com',
        sourceAccount: ACCOUNT,
        sourceArn: SECRET,
      });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_permission.rotation')).toEqual({ status: 'compliant' });
  });

  it('rejects a service permission without a source', () => {
    const outcomes = checkRule(LambdaPermissionScoped, (stack) => {
      const fn = compliantFunction(stack, 'fn');
      new LambdaPermission(stack, 'rotation', {
        functionName: fn.functionName,
        action: 'lambda:InvokeFunction',
        principal: 'secretsmanager.amazonaws.com',
      });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_permission.rotation')).toEqual(nonCompliantWith(/confused deputy/));
  });

  it('accepts public URL permissions on a public-signed function', () => {
    const outcomes = checkRule(LambdaPermissionScoped, (stack) => {
      const fn = compliantFunction(stack, 'fn', { tags: { Exposure: 'public-signed' } });
      new LambdaPermission(stack, 'url', {
        functionName: fn.functionName,
        action: 'lambda:InvokeFunctionUrl',
        principal: '*',
        functionUrlAuthType: 'NONE',
      });
      new LambdaPermission(stack, 'via-url', {
        functionName: fn.functionName,
        action: 'lambda:InvokeFunction',
        principal: '*',
      }).addOverride('invoked_via_function_url', true);
    });

    expect(outcomeOf(outcomes, 'aws_lambda_permission.url')).toEqual({ status: 'compliant' });
    expect(outcomeOf(outcomes, 'aws_lambda_permission.via-url')).toEqual({ status: 'compliant' });
  });

  it('rejects a public InvokeFunction that is not limited to URL invocations', () => {
    const outcomes = checkRule(LambdaPermissionScoped, (stack) => {
      const fn = compliantFunction(stack, 'fn', { tags: { Exposure: 'public-signed' } });
      new LambdaPermission(stack, 'anyone', {
        functionName: fn.functionName,
        action: 'lambda:InvokeFunction',
        principal: '*',
      });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_permission.anyone')).toEqual(
      nonCompliantWith(/other than through the function URL/),
    );
  });

  it('rejects a public permission on a function that is not public-signed', () => {
    const outcomes = checkRule(LambdaPermissionScoped, (stack) => {
      const fn = compliantFunction(stack, 'fn', { tags: { Exposure: 'private' } });
      new LambdaPermission(stack, 'url', {
        functionName: fn.functionName,
        action: 'lambda:InvokeFunctionUrl',
        principal: '*',
        functionUrlAuthType: 'NONE',
      });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_permission.url')).toEqual(nonCompliantWith(/tagged Exposure=private/));
  });
  it('cannot decide a principal given as a Terraform expression (it could be *)', () => {
    const outcomes = checkRule(LambdaPermissionScoped, (stack) => {
      const fn = compliantFunction(stack, 'fn');
      new LambdaPermission(stack, 'caller', {
        functionName: fn.functionName,
        action: 'lambda:InvokeFunction',
        principal: '${var.caller}',
      });
    });

    expect(outcomeOf(outcomes, 'aws_lambda_permission.caller')).toEqual(unresolvedWith(/principal/));
  });
});
