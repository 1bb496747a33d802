// KMS: the environment key and its alias. The key's ARN does not exist before the first deploy, so the key is found
// by the Project and Environment tags the provider's default tags set; creating it carries them as request tags.
import { arnPrefix } from '../config/regions';
import type { PolicyStatement } from '../constructs/policy-document';
import type { PermissionScope, PermissionTable } from './types';
import { environmentTags, regional } from './types';

/**
 * Calls that change who owns a key or what it is (tags, key policy, deletion, state, description, aliases), written
 * short because the boundary repeats them: allowed only on keys that already carry the environment's tags.
 */
export const KEY_OWNER_ACTIONS = [
  'kms:*Alias',
  'kms:*KeyDeletion',
  'kms:*TagResource',
  'kms:Disable*',
  'kms:PutKeyPolicy',
  'kms:Update*',
];

/**
 * Why the key's tags can be trusted: a role may change them, or administer a key, only on keys that already carry
 * both of its environment's tags (a key of another environment, another workload or no one fails one of the two
 * statements, since a missing tag never equals), so the only keys it can give its tags are the ones it creates
 * (kms:CreateKey and the kms:TagResource inside it, on no particular key). The statements go in the role's policy
 * and in its boundary, so each refuses on its own.
 */
export function keyOwnershipDenies(scope: PermissionScope): PolicyStatement[] {
  const keys = `${arnPrefix(scope.region)}:kms:*:*:key/*`;
  return Object.entries(environmentTags(scope, 'aws:ResourceTag').StringEquals ?? {}).map(([key, value]) => ({
    Sid: `DenyKeysWithout${key.split('/')[1]}Tag`,
    Effect: 'Deny' as const,
    Action: KEY_OWNER_ACTIONS,
    Resource: keys,
    Condition: { StringNotEquals: { [key]: value } },
  }));
}

/** The environment's tags on the key, and never another environment's or project's in a tag it writes. */
function ownKeyConditions(scope: PermissionScope) {
  return {
    ...environmentTags(scope, 'aws:ResourceTag'),
    StringEqualsIfExists: environmentTags(scope, 'aws:RequestTag').StringEquals ?? {},
  };
}

export const kmsPermissions: PermissionTable = {
  aws_kms_key: {
    sid: 'AdministerEnvironmentKey',
    resources: (scope) => [regional(scope, 'kms', 'key/*')],
    condition: ownKeyConditions,
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
      // kms:CreateKey names no resource, and the tags it is created with are checked as request tags, on the
      // CreateKey call and on the kms:TagResource KMS evaluates for them on no particular key ("an IAM policy that
      // isn't restricted to particular KMS keys", KMS developer guide, "Controlling access to tags").
      {
        Sid: 'CreateEnvironmentKeyWithItsTags',
        Action: ['kms:CreateKey', 'kms:TagResource'],
        Resource: '*',
        Condition: environmentTags(scope, 'aws:RequestTag'),
      },
      ...keyOwnershipDenies(scope),
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
        Condition: ownKeyConditions(scope),
      },
    ],
  },
};
