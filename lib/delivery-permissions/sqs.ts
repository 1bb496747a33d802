// SQS: the dead-letter queues of the environment's functions, encrypted with the environment key.
import type { PermissionTable } from './types';
import { keyUseThrough, regional } from './types';

export const sqsPermissions: PermissionTable = {
  aws_sqs_queue: {
    sid: 'ManageEnvironmentQueues',
    resources: (scope) => [regional(scope, 'sqs', `${scope.namePrefix}-*`)],
    create: ['sqs:CreateQueue'],
    read: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueueTags'],
    update: ['sqs:SetQueueAttributes'],
    delete: ['sqs:DeleteQueue'],
    tag: ['sqs:TagQueue', 'sqs:UntagQueue'],
    dependents: (scope) => [keyUseThrough(scope, 'sqs', ['kms:GenerateDataKey', 'kms:Decrypt'])],
  },
};
