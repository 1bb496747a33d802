// Secrets Manager: secret metadata, resource policies and rotation; never a value (no GetSecretValue or
// PutSecretValue: rotation functions write values).
import type { PermissionScope, PermissionTable } from './types';
import { keyUseThrough, regional } from './types';

const secrets = (scope: PermissionScope) => [
  regional(scope, 'secretsmanager', `secret:${scope.project}/${scope.environment}/*`),
];

export const secretsmanagerPermissions: PermissionTable = {
  aws_secretsmanager_secret: {
    sid: 'ManageEnvironmentSecrets',
    resources: secrets,
    create: ['secretsmanager:CreateSecret'],
    read: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'],
    update: ['secretsmanager:UpdateSecret'],
    delete: ['secretsmanager:DeleteSecret', 'secretsmanager:RestoreSecret'],
    tag: ['secretsmanager:TagResource', 'secretsmanager:UntagResource'],
    dependents: (scope) => [
      keyUseThrough(scope, 'secretsmanager', ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*']),
    ],
  },
  aws_secretsmanager_secret_policy: {
    sid: 'ManageEnvironmentSecrets',
    resources: secrets,
    create: ['secretsmanager:PutResourcePolicy', 'secretsmanager:ValidateResourcePolicy'],
    read: ['secretsmanager:GetResourcePolicy'],
    delete: ['secretsmanager:DeleteResourcePolicy'],
  },
  aws_secretsmanager_secret_rotation: {
    sid: 'ManageEnvironmentSecrets',
    resources: secrets,
    create: ['secretsmanager:RotateSecret'],
    read: ['secretsmanager:DescribeSecret'],
    delete: ['secretsmanager:CancelRotateSecret'],
    // Turning rotation on with rotate_immediately invokes the rotation function as the caller.
    dependents: (scope) => [
      {
        Sid: 'StartFirstRotation',
        Action: ['lambda:InvokeFunction'],
        Resource: regional(scope, 'lambda', `function:${scope.namePrefix}-rotate-*`),
      },
    ],
  },
};
