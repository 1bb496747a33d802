import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { DynamodbTable, type DynamodbTableConfig } from '@cdktf/provider-aws/lib/dynamodb-table';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { Construct } from 'constructs';
import { DynamoDbTableEncryptedWithCustomerKey } from '../../../../lib/guardrails/rules/DynamoDbTableEncryptedWithCustomerKey';
import { checkRule, KEY_ARN, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

function table(scope: Construct, props: Partial<DynamodbTableConfig> = {}): DynamodbTable {
  return new DynamodbTable(scope, 'table', {
    name: 'acme-dev-deliveries',
    billingMode: 'PAY_PER_REQUEST',
    hashKey: 'id',
    attribute: [{ name: 'id', type: 'S' }],
    ...props,
  });
}

describe('DynamoDbTableEncryptedWithCustomerKey', () => {
  it('accepts a table encrypted with a customer key ARN', () => {
    const outcomes = checkRule(DynamoDbTableEncryptedWithCustomerKey, (stack) =>
      table(stack, { serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN } }),
    );

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual({ status: 'compliant' });
  });

  it('accepts a table encrypted with a KmsKey of the app', () => {
    const outcomes = checkRule(DynamoDbTableEncryptedWithCustomerKey, (stack) => {
      const key = new KmsKey(stack, 'key', { enableKeyRotation: true });
      table(stack, { serverSideEncryption: { enabled: true, kmsKeyArn: key.arn } });
    });

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual({ status: 'compliant' });
  });

  it('rejects a table without server-side encryption settings (an AWS owned key)', () => {
    const outcomes = checkRule(DynamoDbTableEncryptedWithCustomerKey, (stack) => table(stack));

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual(nonCompliantWith(/AWS owned key/));
  });

  it('rejects a table encrypted with the AWS managed key', () => {
    const outcomes = checkRule(DynamoDbTableEncryptedWithCustomerKey, (stack) => {
      table(stack, { serverSideEncryption: { enabled: true } });
    });

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual(nonCompliantWith(/aws\/dynamodb/));
  });

  it('rejects a key ARN that is set while encryption is disabled', () => {
    const outcomes = checkRule(DynamoDbTableEncryptedWithCustomerKey, (stack) => {
      table(stack, { serverSideEncryption: { enabled: false, kmsKeyArn: KEY_ARN } });
    });

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual(nonCompliantWith(/AWS owned key/));
  });

  it('cannot decide a key from a data source (it could be alias/aws/dynamodb)', () => {
    const outcomes = checkRule(DynamoDbTableEncryptedWithCustomerKey, (stack) => {
      const key = new DataAwsKmsKey(stack, 'shared', { keyId: 'alias/shared' });
      table(stack, { serverSideEncryption: { enabled: true, kmsKeyArn: key.arn } });
    });

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual(
      unresolvedWith(/server_side_encryption\.kms_key_arn is "\$\{data\.aws_kms_key\.shared\.arn\}"/),
    );
  });
});
