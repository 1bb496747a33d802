import { compliant, defineRule, nonCompliant } from '../rule';

/**
 * Tables are encrypted with the environment's customer key. Without server_side_encryption DynamoDB uses an AWS owned
 * key (no key policy, no CloudTrail record of its use); enabled without kms_key_arn it uses the AWS managed
 * aws/dynamodb key, whose policy lets any principal of the account decrypt through DynamoDB.
 */
export const DynamoDbTableEncryptedWithCustomerKey = defineRule({
  id: 'DynamoDbTableEncryptedWithCustomerKey',
  severity: 'error',
  resourceTypes: ['aws_dynamodb_table'],
  enforces: 'tables are encrypted with the environment customer-managed key',
  fix: 'set serverSideEncryption: { enabled: true, kmsKeyArn: the environment key ARN } on the DynamodbTable',
  check(table) {
    const encryption = table.block('server_side_encryption');
    const enabled = encryption?.isTrue('enabled') ?? false;
    const key = encryption && enabled ? encryption.keyKind('kms_key_arn') : 'none';
    if (enabled && key === 'customer') return compliant;
    return nonCompliant(
      !enabled
        ? 'the table has no server-side encryption with a KMS key, so DynamoDB uses an AWS owned key outside the environment key policy'
        : 'the table is encrypted with the AWS managed key aws/dynamodb, whose policy lets any principal of the account decrypt through DynamoDB',
      'set serverSideEncryption: { enabled: true, kmsKeyArn: props.security.keyArn } on the DynamodbTable',
    );
  },
});
