import { LambdaPrivateInVpc } from '../../../../lib/guardrails/rules/LambdaPrivateInVpc';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';
import { compliantFunction } from '../lambda-fixture';

describe('LambdaPrivateInVpc', () => {
  it('accepts a private function in subnets with a security group', () => {
    const outcomes = checkRule(LambdaPrivateInVpc, (stack) =>
      compliantFunction(stack, 'fn', {
        tags: { Exposure: 'private' },
        vpcConfig: { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] },
      }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'compliant' });
  });

  it('rejects a private function outside the VPC', () => {
    const outcomes = checkRule(LambdaPrivateInVpc, (stack) =>
      compliantFunction(stack, 'fn', { tags: { Exposure: 'private' } }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(nonCompliantWith(/no vpcConfig/));
  });

  it('does not apply to a function that is not marked private', () => {
    const outcomes = checkRule(LambdaPrivateInVpc, (stack) =>
      compliantFunction(stack, 'fn', { tags: { Exposure: 'public-signed' } }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual({ status: 'not-applicable' });
  });
  it('cannot decide (rather than skip) a function whose exposure is a Terraform expression', () => {
    const outcomes = checkRule(LambdaPrivateInVpc, (stack) =>
      compliantFunction(stack, 'fn', { tags: { Exposure: '${var.exposure}' } }),
    );

    expect(outcomeOf(outcomes, 'aws_lambda_function.fn')).toEqual(unresolvedWith(/tags\.Exposure/));
  });
});
