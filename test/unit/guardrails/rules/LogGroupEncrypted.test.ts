import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { EncryptedLogGroup } from '../../../../lib/constructs/encrypted-log-group';
import { LogGroupEncrypted } from '../../../../lib/guardrails/rules/LogGroupEncrypted';
import { checkRule, KEY_ARN, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

describe('LogGroupEncrypted', () => {
  it('accepts an EncryptedLogGroup', () => {
    const outcomes = checkRule(
      LogGroupEncrypted,
      (stack) => new EncryptedLogGroup(stack, 'logs', { name: '/aws/lambda/x', kmsKeyArn: KEY_ARN, retentionDays: 14 }),
    );

    expect(Object.values(outcomes)).toEqual([{ status: 'compliant' }]);
  });

  it('rejects a log group without a key', () => {
    const outcomes = checkRule(LogGroupEncrypted, (stack) => new CloudwatchLogGroup(stack, 'logs', { name: '/x' }));

    expect(outcomeOf(outcomes, 'aws_cloudwatch_log_group.logs')).toEqual(nonCompliantWith(/no kmsKeyId/));
  });

  it('cannot decide a key from a data source (it could be any key)', () => {
    const outcomes = checkRule(LogGroupEncrypted, (stack) => {
      const key = new DataAwsKmsKey(stack, 'shared', { keyId: 'alias/shared' });
      new CloudwatchLogGroup(stack, 'logs', { name: '/x', retentionInDays: 30, kmsKeyId: key.arn });
    });

    expect(outcomeOf(outcomes, 'aws_cloudwatch_log_group.logs')).toEqual(
      unresolvedWith(/^kms_key_id is "\$\{data\.aws_kms_key\.shared\.arn\}"/),
    );
  });
});
