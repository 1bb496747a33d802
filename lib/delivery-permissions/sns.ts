// SNS: the environment's alarm topic (encrypted with the environment key), its policy and subscriptions.
import type { PermissionScope, PermissionTable } from './types';
import { regional } from './types';

/** Topics `<project>-<env>-*`; a subscription's ARN is its topic's followed by `:<id>`. */
const topics = (scope: PermissionScope) => [regional(scope, 'sns', `${scope.namePrefix}-*`)];

export const snsPermissions: PermissionTable = {
  aws_sns_topic: {
    sid: 'ManageEnvironmentTopics',
    resources: topics,
    create: ['sns:CreateTopic'],
    read: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'],
    update: ['sns:SetTopicAttributes'],
    delete: ['sns:DeleteTopic'],
    tag: ['sns:TagResource', 'sns:UntagResource'],
  },
  aws_sns_topic_policy: {
    sid: 'ManageEnvironmentTopics',
    resources: topics,
    create: ['sns:SetTopicAttributes'],
    read: ['sns:GetTopicAttributes'],
  },
  aws_sns_topic_subscription: {
    sid: 'ManageEnvironmentTopics',
    resources: topics,
    create: ['sns:Subscribe'],
    read: ['sns:GetSubscriptionAttributes'],
    update: ['sns:SetSubscriptionAttributes'],
    delete: ['sns:Unsubscribe'],
  },
};
