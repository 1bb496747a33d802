// EventBridge: rules of the environment (named `<project>-<env>-*`) on the default bus, and their targets.
import type { PermissionScope, PermissionTable } from './types';
import { regional } from './types';

const rules = (scope: PermissionScope) => [regional(scope, 'events', `rule/${scope.namePrefix}-*`)];

export const eventsPermissions: PermissionTable = {
  aws_cloudwatch_event_rule: {
    sid: 'ManageEnvironmentEventRules',
    resources: rules,
    create: ['events:PutRule'],
    read: ['events:DescribeRule', 'events:ListTagsForResource'],
    update: ['events:EnableRule', 'events:DisableRule'],
    delete: ['events:DeleteRule'],
    tag: ['events:TagResource', 'events:UntagResource'],
  },
  aws_cloudwatch_event_target: {
    sid: 'ManageEnvironmentEventRules',
    resources: rules,
    create: ['events:PutTargets'],
    read: ['events:ListTargetsByRule'],
    delete: ['events:RemoveTargets'],
  },
};
