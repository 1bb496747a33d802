// RDS: the environment's PostgreSQL instance, its subnet and parameter groups, and the master secret RDS manages.

import { arnPrefix } from '../../config/regions';
import type { PermissionScope, PermissionTable } from './types';
import { keyUseThrough, regional } from './types';

const TAGS = ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'];
const READ = ['rds:ListTagsForResource'];
const DESCRIBE = ['rds:Describe*'];
const group = (kind: string) => (scope: PermissionScope) => [regional(scope, 'rds', `${kind}:${scope.namePrefix}-*`)];

export const rdsPermissions: PermissionTable = {
  aws_db_instance: {
    sid: 'ManageEnvironmentDatabase',
    // CreateDBInstance is also authorized on the subnet, parameter and (default) option groups it names, and a
    // final snapshot on deletion.
    resources: (scope) => [
      regional(scope, 'rds', `db:${scope.namePrefix}-*`),
      regional(scope, 'rds', `subgrp:${scope.namePrefix}-*`),
      regional(scope, 'rds', `pg:${scope.namePrefix}-*`),
      regional(scope, 'rds', `snapshot:${scope.namePrefix}-*`),
      regional(scope, 'rds', 'og:default:*'),
    ],
    create: ['rds:CreateDBInstance'],
    read: READ,
    update: ['rds:ModifyDBInstance', 'rds:RebootDBInstance'],
    delete: ['rds:DeleteDBInstance', 'rds:CreateDBSnapshot'],
    tag: TAGS,
    readWithoutResource: DESCRIBE,
    dependents: (scope) => [
      {
        Sid: 'CreateRdsServiceLinkedRole',
        Action: ['iam:CreateServiceLinkedRole'],
        Resource: `${arnPrefix(scope.region)}:iam::${scope.accountId}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS`,
        Condition: { StringEquals: { 'iam:AWSServiceName': 'rds.amazonaws.com' } },
      },
      // RDS names the master secret it manages `rds!db-<id>`: every RDS-managed secret of the account, metadata only.
      {
        Sid: 'LetRdsManageItsMasterSecret',
        Action: [
          'secretsmanager:CreateSecret',
          'secretsmanager:DescribeSecret',
          'secretsmanager:UpdateSecret',
          'secretsmanager:RotateSecret',
          'secretsmanager:TagResource',
          'secretsmanager:DeleteSecret',
        ],
        Resource: regional(scope, 'secretsmanager', 'secret:rds!db-*'),
      },
      {
        // The secrets stack puts a resource policy on this environment's master secret only: RDS tags the secret it
        // manages with its instance's ARN, so another environment's master secret in the account stays out of reach.
        Sid: 'PolicyOnOwnMasterSecret',
        Action: [
          'secretsmanager:GetResourcePolicy',
          'secretsmanager:PutResourcePolicy',
          'secretsmanager:DeleteResourcePolicy',
          'secretsmanager:ValidateResourcePolicy',
        ],
        Resource: regional(scope, 'secretsmanager', 'secret:rds!db-*'),
        Condition: {
          StringEquals: {
            'secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn': regional(
              scope,
              'rds',
              `db:${scope.namePrefix}-db`,
            ),
          },
        },
      },
      keyUseThrough(scope, 'rds', ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:CreateGrant']),
      keyUseThrough(scope, 'secretsmanager', ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*']),
    ],
  },
  aws_db_subnet_group: {
    sid: 'ManageEnvironmentDatabaseSubnetGroups',
    resources: group('subgrp'),
    create: ['rds:CreateDBSubnetGroup'],
    read: READ,
    update: ['rds:ModifyDBSubnetGroup'],
    delete: ['rds:DeleteDBSubnetGroup'],
    tag: TAGS,
    readWithoutResource: DESCRIBE,
  },
  aws_db_parameter_group: {
    sid: 'ManageEnvironmentDatabaseParameterGroups',
    resources: group('pg'),
    create: ['rds:CreateDBParameterGroup'],
    read: READ,
    update: ['rds:ModifyDBParameterGroup', 'rds:ResetDBParameterGroup'],
    delete: ['rds:DeleteDBParameterGroup'],
    tag: TAGS,
    readWithoutResource: DESCRIBE,
  },
};
