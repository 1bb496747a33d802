// The rule pack: every guardrail, in the order RULES.md lists them. A new rule is one file under rules/ plus a line here.
import { CloudwatchAlarmHasAction } from './rules/CloudwatchAlarmHasAction';
import { DynamoDbTableEncryptedWithCustomerKey } from './rules/DynamoDbTableEncryptedWithCustomerKey';
import { DynamoDbTablePointInTimeRecovery } from './rules/DynamoDbTablePointInTimeRecovery';
import { IamNoWildcardActions } from './rules/IamNoWildcardActions';
import { IamNoWildcardResources } from './rules/IamNoWildcardResources';
import { IamRoleHasPermissionsBoundary } from './rules/IamRoleHasPermissionsBoundary';
import { IamRoleTrustScoped } from './rules/IamRoleTrustScoped';
import { KmsKeyPolicyScoped } from './rules/KmsKeyPolicyScoped';
import { KmsKeyRotationEnabled } from './rules/KmsKeyRotationEnabled';
import { LambdaAsyncDeadLetterTarget } from './rules/LambdaAsyncDeadLetterTarget';
import { LambdaEnvironmentEncrypted } from './rules/LambdaEnvironmentEncrypted';
import { LambdaErrorsAlarmed } from './rules/LambdaErrorsAlarmed';
import { LambdaExposureDeclared } from './rules/LambdaExposureDeclared';
import { LambdaFunctionUrlAuth } from './rules/LambdaFunctionUrlAuth';
import { LambdaLogGroupManaged } from './rules/LambdaLogGroupManaged';
import { LambdaPermissionScoped } from './rules/LambdaPermissionScoped';
import { LambdaPrivateInVpc } from './rules/LambdaPrivateInVpc';
import { LambdaReservedConcurrency } from './rules/LambdaReservedConcurrency';
import { LambdaTracingActive } from './rules/LambdaTracingActive';
import { LogGroupEncrypted } from './rules/LogGroupEncrypted';
import { LogGroupRetention } from './rules/LogGroupRetention';
import { PolicyDocumentReadable } from './rules/PolicyDocumentReadable';
import { PolicyNoPublicPrincipal } from './rules/PolicyNoPublicPrincipal';
import { RdsInstanceEncryptedPrivate } from './rules/RdsInstanceEncryptedPrivate';
import { S3BucketEncrypted } from './rules/S3BucketEncrypted';
import { S3BucketPublicAccessBlocked } from './rules/S3BucketPublicAccessBlocked';
import { S3BucketTlsOnly } from './rules/S3BucketTlsOnly';
import { S3BucketVersioned } from './rules/S3BucketVersioned';
import { SecretEncryptedWithCustomerKey } from './rules/SecretEncryptedWithCustomerKey';
import { SecretRotationEnabled } from './rules/SecretRotationEnabled';
import { SecurityGroupNoOpenCidr } from './rules/SecurityGroupNoOpenCidr';
import { SqsDeadLetterQueueAlarmed } from './rules/SqsDeadLetterQueueAlarmed';
import { SqsQueueEncrypted } from './rules/SqsQueueEncrypted';
import { SsmParameterCustomerKey } from './rules/SsmParameterCustomerKey';

export const GUARDRAIL_RULES = [
  KmsKeyRotationEnabled,
  KmsKeyPolicyScoped,
  SecretEncryptedWithCustomerKey,
  SecretRotationEnabled,
  SsmParameterCustomerKey,
  LambdaExposureDeclared,
  LambdaEnvironmentEncrypted,
  LambdaTracingActive,
  LambdaLogGroupManaged,
  LambdaReservedConcurrency,
  LambdaAsyncDeadLetterTarget,
  LambdaPrivateInVpc,
  LambdaFunctionUrlAuth,
  LambdaPermissionScoped,
  SecurityGroupNoOpenCidr,
  PolicyDocumentReadable,
  IamNoWildcardActions,
  IamNoWildcardResources,
  PolicyNoPublicPrincipal,
  IamRoleHasPermissionsBoundary,
  IamRoleTrustScoped,
  S3BucketEncrypted,
  S3BucketVersioned,
  S3BucketPublicAccessBlocked,
  S3BucketTlsOnly,
  LogGroupEncrypted,
  LogGroupRetention,
  SqsQueueEncrypted,
  RdsInstanceEncryptedPrivate,
  DynamoDbTableEncryptedWithCustomerKey,
  DynamoDbTablePointInTimeRecovery,
  LambdaErrorsAlarmed,
  SqsDeadLetterQueueAlarmed,
  CloudwatchAlarmHasAction,
] as const;

/** The id of a rule in the pack (what suppressGuardrail accepts). */
export type GuardrailRuleId = (typeof GUARDRAIL_RULES)[number]['id'];
