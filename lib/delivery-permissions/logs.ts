// CloudWatch Logs: the log groups of the environment's functions, VPC flow logs and database.
import type { PermissionScope, PermissionTable } from './types';
import { regional } from './types';

const logGroups = (scope: PermissionScope) => [
  regional(scope, 'logs', `log-group:/aws/lambda/${scope.namePrefix}-*`),
  regional(scope, 'logs', `log-group:/aws/vpc/${scope.namePrefix}/*`),
  regional(scope, 'logs', `log-group:/aws/rds/instance/${scope.namePrefix}-*`),
];

export const logsPermissions: PermissionTable = {
  aws_cloudwatch_log_group: {
    sid: 'ManageEnvironmentLogGroups',
    resources: logGroups,
    create: ['logs:CreateLogGroup'],
    read: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
    update: [
      'logs:PutRetentionPolicy',
      'logs:DeleteRetentionPolicy',
      'logs:AssociateKmsKey',
      'logs:DisassociateKmsKey',
    ],
    delete: ['logs:DeleteLogGroup'],
    tag: ['logs:TagResource', 'logs:UntagResource', 'logs:TagLogGroup', 'logs:UntagLogGroup'],
    readWithoutResource: ['logs:DescribeLogGroups'],
  },
  aws_cloudwatch_log_metric_filter: {
    sid: 'ManageEnvironmentLogGroups',
    resources: logGroups,
    create: ['logs:PutMetricFilter'],
    read: ['logs:DescribeMetricFilters'],
    delete: ['logs:DeleteMetricFilter'],
  },
};
