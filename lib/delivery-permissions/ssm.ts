// SSM Parameter Store: the environment's settings parameters (SecureString, environment key). Terraform refreshes a
// parameter by reading its value, so both roles read them (they hold settings, not secrets).
import type { PermissionTable } from './types';
import { environmentTags, keyUseThrough, regional } from './types';

export const ssmPermissions: PermissionTable = {
  aws_ssm_parameter: {
    sid: 'ManageEnvironmentParameters',
    resources: (scope) => [regional(scope, 'ssm', `parameter/${scope.project}/${scope.environment}/*`)],
    create: ['ssm:PutParameter'],
    read: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:ListTagsForResource'],
    delete: ['ssm:DeleteParameter'],
    tag: ['ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource'],
    readWithoutResource: ['ssm:DescribeParameters'],
    dependents: (scope) => [keyUseThrough(scope, 'ssm', ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'])],
    planDependents: (scope) => [
      {
        Sid: 'DecryptParametersThroughSsm',
        Action: ['kms:Decrypt'],
        Resource: regional(scope, 'kms', 'key/*'),
        Condition: {
          StringEquals: {
            ...environmentTags(scope, 'aws:ResourceTag').StringEquals,
            'kms:ViaService': `ssm.${scope.region}.amazonaws.com`,
          },
          StringLike: {
            'kms:EncryptionContext:PARAMETER_ARN': regional(
              scope,
              'ssm',
              `parameter/${scope.project}/${scope.environment}/*`,
            ),
          },
        },
      },
    ],
  },
};
