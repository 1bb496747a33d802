// CloudWatch: the environment's metric alarms (named `<project>-<env>-*`) and its dashboard (named `<project>-<env>`).

import { arnPrefix } from '../config/regions';
import type { PermissionTable } from './types';
import { regional } from './types';

export const cloudwatchPermissions: PermissionTable = {
  aws_cloudwatch_metric_alarm: {
    sid: 'ManageEnvironmentAlarms',
    resources: (scope) => [regional(scope, 'cloudwatch', `alarm:${scope.namePrefix}-*`)],
    create: ['cloudwatch:PutMetricAlarm'],
    read: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
    delete: ['cloudwatch:DeleteAlarms'],
    tag: ['cloudwatch:TagResource', 'cloudwatch:UntagResource'],
  },
  aws_cloudwatch_dashboard: {
    sid: 'ManageEnvironmentDashboard',
    // Dashboards are global to the account.
    resources: (scope) => [
      `${arnPrefix(scope.region)}:cloudwatch::${scope.accountId}:dashboard/${scope.namePrefix}`,
      `${arnPrefix(scope.region)}:cloudwatch::${scope.accountId}:dashboard/${scope.namePrefix}-*`,
    ],
    create: ['cloudwatch:PutDashboard'],
    read: ['cloudwatch:GetDashboard'],
    delete: ['cloudwatch:DeleteDashboards'],
  },
};
