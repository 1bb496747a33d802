// Permissions-table entries a growing app would add, for measuring the pipeline policies of a larger app (the size
// test in test/synth/delivery-permissions.test.ts and bench/policy-sizes.mjs): an S3 bucket of the environment, an SNS topic with a data-protection policy, an EventBridge bus of its own, a Step Functions state
// machine. DynamoDB needs no entry here: the webhook deliveries table brought the real one
// (lib/delivery-permissions/dynamodb.ts), which every fixture with delivery on already measures. They are written as a team would write them in lib/delivery-permissions/ (the actions the AWS
// provider's create, read, update, delete and tag steps call), but they are not part of the table: a real entry for
// a type goes in its service's file there.
import { arnPrefix } from '../../lib/config/regions';
import type { PermissionScope, PermissionTable } from '../../lib/delivery-permissions/types';
import { keyUseThrough, passRoleTo, regional } from '../../lib/delivery-permissions/types';

const bucket = (scope: PermissionScope) => `${arnPrefix(scope.region)}:s3:::${scope.namePrefix}-*`;

export const GROWTH_PERMISSIONS: PermissionTable = {
  aws_s3_bucket: {
    sid: 'ManageEnvironmentBuckets',
    resources: (scope) => [bucket(scope)],
    create: ['s3:CreateBucket'],
    read: [
      's3:GetBucketPolicy',
      's3:GetBucketVersioning',
      's3:GetEncryptionConfiguration',
      's3:GetBucketPublicAccessBlock',
      's3:GetBucketTagging',
      's3:GetBucketLocation',
      's3:GetBucketAcl',
      's3:GetBucketCORS',
      's3:GetBucketWebsite',
      's3:GetBucketLogging',
      's3:GetLifecycleConfiguration',
      's3:GetReplicationConfiguration',
      's3:GetBucketObjectLockConfiguration',
      's3:GetBucketRequestPayment',
      's3:GetAccelerateConfiguration',
      's3:GetBucketOwnershipControls',
      's3:ListBucket',
    ],
    update: [
      's3:PutBucketPolicy',
      's3:PutBucketVersioning',
      's3:PutEncryptionConfiguration',
      's3:PutBucketPublicAccessBlock',
      's3:PutLifecycleConfiguration',
      's3:PutBucketOwnershipControls',
    ],
    delete: ['s3:DeleteBucket', 's3:DeleteBucketPolicy'],
    tag: ['s3:PutBucketTagging'],
    dependents: (scope) => [keyUseThrough(scope, 's3', ['kms:GenerateDataKey', 'kms:Decrypt'])],
  },
  aws_sns_topic_data_protection_policy: {
    sid: 'ManageEnvironmentTopicDataProtection',
    resources: (scope) => [regional(scope, 'sns', `${scope.namePrefix}-*`)],
    create: ['sns:PutDataProtectionPolicy'],
    read: ['sns:GetDataProtectionPolicy', 'sns:GetTopicAttributes'],
    delete: ['sns:PutDataProtectionPolicy'],
  },
  aws_cloudwatch_event_bus: {
    sid: 'ManageEnvironmentEventBuses',
    resources: (scope) => [regional(scope, 'events', `event-bus/${scope.namePrefix}-*`)],
    create: ['events:CreateEventBus'],
    read: ['events:DescribeEventBus', 'events:ListTagsForResource'],
    update: ['events:UpdateEventBus', 'events:PutPermission', 'events:RemovePermission'],
    delete: ['events:DeleteEventBus'],
    tag: ['events:TagResource', 'events:UntagResource'],
  },
  aws_sfn_state_machine: {
    sid: 'ManageEnvironmentStateMachines',
    resources: (scope) => [regional(scope, 'states', `stateMachine:${scope.namePrefix}-*`)],
    create: ['states:CreateStateMachine'],
    read: ['states:DescribeStateMachine', 'states:ListStateMachineVersions', 'states:ListTagsForResource'],
    update: ['states:UpdateStateMachine', 'states:PublishStateMachineVersion'],
    delete: ['states:DeleteStateMachine', 'states:DeleteStateMachineVersion'],
    tag: ['states:TagResource', 'states:UntagResource'],
    readWithoutResource: ['states:ListStateMachines'],
    dependents: (scope) => [passRoleTo(scope, 'states')],
  },
};

/** The Terraform types GROWTH_PERMISSIONS adds. */
export const GROWTH_TYPES: readonly string[] = Object.keys(GROWTH_PERMISSIONS);
