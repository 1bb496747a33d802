// RDS: the environment's PostgreSQL instance, its subnet and parameter groups, and the master secret RDS manages.

import { arnPrefix } from '../config/regions';
import type { PermissionScope, PermissionTable } from './types';
import { keyUseThrough, regional } from './types';

const TAGS = ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'];
const READ = ['rds:ListTagsForResource'];
const DESCRIBE = ['rds:Describe*'];
/** The tag RDS puts on the master secret it manages names this environment's instance. */
const ownMasterSecret = (scope: PermissionScope) => ({
  StringEquals: {
    'aws:ResourceTag/aws:rds:primaryDBInstanceArn': regional(scope, 'rds', `db:${scope.namePrefix}-db`),
  },
});
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
      // RDS names the master secret it manages `rds!db-<id>` and creates it tagged `aws:rds:primaryDBInstanceArn` =
      // its instance. Only AWS can set or remove `aws:` tags, so a secret carrying this environment's instance ARN
      // is this environment's: every call on an existing secret is limited to it, and one environment's deploy role
      // cannot rotate, update or delete another's in a shared account.
      // RDS creates the secret through a forward access session (FAS) with the caller's permissions, which is why
      // the caller needs secretsmanager:CreateSecret and secretsmanager:TagResource (RDS user guide, "Permissions
      // required for Secrets Manager integration"). Both are allowed only inside such a request (aws:ViaAWSService,
      // which AWS sets to true on every FAS request and a caller cannot set), and TagResource only on a secret that
      // does not exist yet or already names this environment's instance: so the role can neither re-tag another
      // environment's master secret directly, nor through a service acting for it.
      {
        Sid: 'LetRdsCreateItsMasterSecret',
        Action: ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'],
        Resource: regional(scope, 'secretsmanager', 'secret:rds!db-*'),
        Condition: {
          Bool: { 'aws:ViaAWSService': true },
          StringEqualsIfExists: ownMasterSecret(scope).StringEquals,
        },
      },
      {
        Sid: 'LetRdsManageItsMasterSecret',
        Action: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:UpdateSecret',
          'secretsmanager:RotateSecret',
          'secretsmanager:DeleteSecret',
        ],
        Resource: regional(scope, 'secretsmanager', 'secret:rds!db-*'),
        Condition: ownMasterSecret(scope),
      },
      {
        // The secrets stack puts a resource policy on this environment's master secret only.
        Sid: 'PolicyOnOwnMasterSecret',
        Action: [
          'secretsmanager:GetResourcePolicy',
          'secretsmanager:PutResourcePolicy',
          'secretsmanager:DeleteResourcePolicy',
          'secretsmanager:ValidateResourcePolicy',
        ],
        Resource: regional(scope, 'secretsmanager', 'secret:rds!db-*'),
        Condition: ownMasterSecret(scope),
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
