// DynamoDB: the environment's tables (the webhook's deliveries table), encrypted with the environment key.
import type { PermissionTable } from './types';
import { keyUseThrough, regional } from './types';

export const dynamodbPermissions: PermissionTable = {
  aws_dynamodb_table: {
    sid: 'ManageEnvironmentTables',
    resources: (scope) => [regional(scope, 'dynamodb', `table/${scope.namePrefix}-*`)],
    create: ['dynamodb:CreateTable'],
    read: [
      'dynamodb:DescribeTable',
      'dynamodb:DescribeTimeToLive',
      'dynamodb:DescribeContinuousBackups',
      'dynamodb:ListTagsOfResource',
    ],
    // Time to live, point-in-time recovery and deletion protection are set after CreateTable.
    update: ['dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive', 'dynamodb:UpdateContinuousBackups'],
    delete: ['dynamodb:DeleteTable'],
    tag: ['dynamodb:TagResource', 'dynamodb:UntagResource'],
    // DynamoDB checks the caller may use the table's key, and creates its own grant on it, at CreateTable.
    dependents: (scope) => [
      keyUseThrough(scope, 'dynamodb', ['kms:CreateGrant', 'kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKey']),
    ],
  },
};
