import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { SsmParameterCustomerKey } from '../../../../lib/guardrails/rules/SsmParameterCustomerKey';
import { checkRule, KEY_ARN, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

describe('SsmParameterCustomerKey', () => {
  it('accepts a SecureString on a customer key', () => {
    const outcomes = checkRule(
      SsmParameterCustomerKey,
      (stack) =>
        new SsmParameter(stack, 'p', { name: '/acme/dev/x', type: 'SecureString', value: '{}', keyId: KEY_ARN }),
    );

    expect(outcomeOf(outcomes, 'aws_ssm_parameter.p')).toEqual({ status: 'compliant' });
  });

  it('rejects a SecureString on the AWS managed aws/ssm key', () => {
    const outcomes = checkRule(
      SsmParameterCustomerKey,
      (stack) => new SsmParameter(stack, 'p', { name: '/acme/dev/x', type: 'SecureString', value: '{}' }),
    );

    expect(outcomeOf(outcomes, 'aws_ssm_parameter.p')).toEqual(nonCompliantWith(/aws\/ssm/));
  });

  it('does not apply to a plain String parameter', () => {
    const outcomes = checkRule(
      SsmParameterCustomerKey,
      (stack) => new SsmParameter(stack, 'p', { name: '/acme/dev/x', type: 'String', value: 'v' }),
    );

    expect(outcomeOf(outcomes, 'aws_ssm_parameter.p')).toEqual({ status: 'not-applicable' });
  });

  it('cannot decide a key from a data source (it could be alias/aws/ssm)', () => {
    const outcomes = checkRule(SsmParameterCustomerKey, (stack) => {
      const key = new DataAwsKmsKey(stack, 'shared', { keyId: 'alias/shared' });
      new SsmParameter(stack, 'p', { name: '/acme/dev/p', type: 'SecureString', value: 'x', keyId: key.arn });
    });

    expect(outcomeOf(outcomes, 'aws_ssm_parameter.p')).toEqual(
      unresolvedWith(/^key_id is "\$\{data\.aws_kms_key\.shared\.arn\}"/),
    );
  });
});
