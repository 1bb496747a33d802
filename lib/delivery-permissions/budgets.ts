// AWS Budgets: the environment's monthly cost budget (named `<project>-<env>-*`). Creating, changing and deleting a
// budget are all budgets:ModifyBudget.

import { arnPrefix } from '../config/regions';
import type { PermissionTable } from './types';

export const budgetsPermissions: PermissionTable = {
  aws_budgets_budget: {
    sid: 'ManageEnvironmentBudget',
    resources: (scope) => [`${arnPrefix(scope.region)}:budgets::${scope.accountId}:budget/${scope.namePrefix}-*`],
    create: ['budgets:ModifyBudget'],
    read: ['budgets:ViewBudget', 'budgets:ListTagsForResource'],
    tag: ['budgets:TagResource', 'budgets:UntagResource'],
  },
};
