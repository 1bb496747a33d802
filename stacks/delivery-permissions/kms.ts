// KMS: the environment key and its alias. The key's ARN does not exist before the first deploy, so the key is found
// by the Project and Environment tags the provider's default tags set; creating it carries them as request tags.
import type { PermissionTable } from './types';
import { environmentTags, regional } from './types';

export const kmsPermissions: PermissionTable = {
  aws_kms_key: {
    sid: 'AdministerEnvironmentKey',
    resources: (scope) => [regional(scope, 'kms', 'key/*')],
    condition: (scope) => environmentTags(scope, 'aws:ResourceTag'),
    read: [
      'kms:DescribeKey',
      'kms:GetKeyPolicy',
      'kms:GetKeyRotationStatus',
      'kms:ListResourceTags',
      'kms:ListKeyRotations',
    ],
    update: ['kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:UpdateKeyDescription'],
    delete: ['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'],
    tag: ['kms:TagResource', 'kms:UntagResource'],
    dependents: (scope) => [
      // kms:CreateKey names no resource; the tags it is created with are checked as request tags.
      {
        Sid: 'CreateEnvironmentKeyWithItsTags',
        Action: ['kms:CreateKey'],
        Resource: '*',
        Condition: environmentTags(scope, 'aws:RequestTag'),
      },
      // Tagging at creation is authorized as kms:TagResource on the new key with the same request tags: the key has
      // no resource tags yet, so the statement above on existing keys cannot match.
      {
        Sid: 'TagNewEnvironmentKey',
        Action: ['kms:TagResource'],
        Resource: regional(scope, 'kms', 'key/*'),
        Condition: environmentTags(scope, 'aws:RequestTag'),
      },
    ],
  },
  aws_kms_alias: {
    sid: 'ManageEnvironmentKeyAlias',
    // The alias, and the key it points to (checked on both).
    resources: (scope) => [regional(scope, 'kms', `alias/${scope.namePrefix}`)],
    create: ['kms:CreateAlias'],
    update: ['kms:UpdateAlias'],
    delete: ['kms:DeleteAlias'],
    readWithoutResource: ['kms:ListAliases'],
    dependents: (scope) => [
      {
        Sid: 'AdministerEnvironmentKey',
        Action: ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'],
        Resource: regional(scope, 'kms', 'key/*'),
        Condition: environmentTags(scope, 'aws:ResourceTag'),
      },
    ],
  },
};
