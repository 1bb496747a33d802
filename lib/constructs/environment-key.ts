import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { arnPrefix, partitionOf } from '../config/regions';
import type { IGrantable } from './grants';
import { accountRoot, type PolicyStatement, policyDocument } from './policy-document';

/** AWS services whose calls may use the environment key on behalf of principals in the account. */
export const KEY_USER_SERVICES = ['secretsmanager', 'ssm', 'lambda', 'rds', 'sqs', 'dynamodb'] as const;

/** Props of the environment's customer-managed key. */
export interface EnvironmentKeyProps {
  /** `<project>-<env>`: the alias becomes `alias/<project>-<env>`. */
  readonly namePrefix: string;
  /** Account that owns the key; only its principals and services may use it. */
  readonly accountId: string;
  /** Region of the key. */
  readonly region: string;
  /** Days KMS waits before deleting the key after it is scheduled for deletion (7 to 30). */
  readonly deletionWindowDays: number;
}

/** Administrative actions only: no Encrypt, Decrypt, GenerateDataKey or CreateGrant. */
const KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:UpdateAlias',
  'kms:DescribeKey',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:PutKeyPolicy',
  'kms:UpdateKeyDescription',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:ListKeyRotations',
  'kms:RevokeGrant',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/**
 * The key policy. Administration is delegated to the account root (IAM policies decide who administers);
 * cryptographic use is never granted to a bare principal: only through AWS services of this account
 * (kms:ViaService), to CloudWatch Logs for this account's log groups, to CloudWatch alarms and EventBridge for
 * publishing to the encrypted alarm topic, and, for values a team encrypts
 * into Lambda environment variables, with a LambdaFunctionName encryption context to this environment's roles.
 */
export function environmentKeyPolicy(props: Omit<EnvironmentKeyProps, 'deletionWindowDays'>): PolicyStatement[] {
  const root = accountRoot(props.accountId, partitionOf(props.region));
  const callerAccount = { 'kms:CallerAccount': props.accountId };
  const viaServices = KEY_USER_SERVICES.map((s) => `${s}.${props.region}.amazonaws.com`);
  const environmentTopics = `${arnPrefix(props.region)}:sns:${props.region}:${props.accountId}:${props.namePrefix}-*`;
  return [
    { Sid: 'AccountRootAdministersKey', Principal: { AWS: root }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
    {
      Sid: 'AccountPrincipalsUseKeyOnlyThroughAwsServices',
      Principal: { AWS: root },
      Action: KEY_USE_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { ...callerAccount, 'kms:ViaService': viaServices } },
    },
    {
      Sid: 'AwsServicesCreateGrantsForTheirResources',
      Principal: { AWS: root },
      Action: ['kms:CreateGrant'],
      Resource: '*',
      Condition: {
        StringEquals: { ...callerAccount, 'kms:ViaService': viaServices },
        Bool: { 'kms:GrantIsForAWSResource': true },
      },
    },
    {
      Sid: 'EnvironmentRolesDecryptLambdaValuesWithFunctionContext',
      Principal: { AWS: root },
      Action: ['kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: callerAccount,
        ArnLike: {
          'aws:PrincipalArn': `${arnPrefix(props.region)}:iam::${props.accountId}:role/${props.namePrefix}-*`,
        },
        StringLike: { 'kms:EncryptionContext:LambdaFunctionName': `${props.namePrefix}-*` },
      },
    },
    {
      Sid: 'AccountPrincipalsEncryptLambdaValuesWithFunctionContext',
      Principal: { AWS: root },
      Action: ['kms:Encrypt'],
      Resource: '*',
      Condition: {
        StringEquals: callerAccount,
        StringLike: { 'kms:EncryptionContext:LambdaFunctionName': `${props.namePrefix}-*` },
      },
    },
    // The alarm topic (<env>-monitoring) is encrypted with this key, so its publishers need the key: CloudWatch only
    // for this environment's alarms (names start with the prefix)...
    {
      Sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': props.accountId },
        ArnLike: {
          'aws:SourceArn': `${arnPrefix(props.region)}:cloudwatch:${props.region}:${props.accountId}:alarm:${props.namePrefix}-*`,
          'kms:EncryptionContext:aws:sns:topicArn': environmentTopics,
        },
      },
    },
    // ...and EventBridge without source conditions: SNS documents that aws:SourceAccount and aws:SourceArn in a key
    // policy are not supported for EventBridge-to-encrypted-topic delivery (every event would be dropped). The
    // encryption context SNS passes keeps the grant to this environment's topics; the topic policy admits only
    // this account's rules.
    {
      Sid: 'EventBridgeRulesPublishToEncryptedTopic',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': environmentTopics } },
    },
    {
      Sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
      Principal: { Service: `logs.${props.region}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `${arnPrefix(props.region)}:logs:${props.region}:${props.accountId}:log-group:*`,
        },
      },
    },
  ];
}

/** One use of the key a grant allows: which actions, through which service, for which encryption context. */
export interface KeyUse {
  /** Statement id, e.g. `DecryptSigningSecret`. */
  readonly sid: string;
  /** KMS actions, e.g. `['kms:Decrypt']`. */
  readonly actions: readonly string[];
  /**
   * The AWS service (`secretsmanager`, `ssm`, `sqs`, `lambda`) that must make the call on the grantee's behalf
   * (`kms:ViaService`). @default none: the grantee may call KMS directly (then give an encryption context)
   */
  readonly viaService?: string;
  /** Encryption context the request must carry, by key without the `kms:EncryptionContext:` prefix. @default none */
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** Encryption context entries holding ARNs, compared with ArnEquals (e.g. `aws:sqs:arn`). @default none */
  readonly arnEncryptionContext?: Readonly<Record<string, string>>;
}

/** The identity-policy statement for one use of a key, conditions in a fixed order (service first). */
export function keyUseStatement(keyArn: string, region: string, use: KeyUse): PolicyStatement {
  const context = (entries: Readonly<Record<string, string>> = {}) =>
    Object.fromEntries(Object.entries(entries).map(([key, value]) => [`kms:EncryptionContext:${key}`, value]));
  const stringEquals = {
    ...(use.viaService ? { 'kms:ViaService': `${use.viaService}.${region}.amazonaws.com` } : {}),
    ...context(use.encryptionContext),
  };
  const arnEquals = context(use.arnEncryptionContext);
  const condition = {
    ...(Object.keys(stringEquals).length > 0 ? { StringEquals: stringEquals } : {}),
    ...(Object.keys(arnEquals).length > 0 ? { ArnEquals: arnEquals } : {}),
  };
  return {
    Sid: use.sid,
    Action: [...use.actions],
    Resource: keyArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/**
 * The environment key as another stack sees it: its ARN (a cross-stack output) and region. Grants on it add
 * statements to the grantee's own policy; the key policy already admits them (see environmentKeyPolicy).
 */
export class KeyReference {
  constructor(
    /** ARN of the key. */
    readonly keyArn: string,
    /** Region of the key (and of the services that use it). */
    readonly region: string,
  ) {}

  /** Lets `grantee` use the key as `use` describes, and in no other way. */
  grant(grantee: IGrantable, use: KeyUse): void {
    grantee.addToRolePolicy(keyUseStatement(this.keyArn, this.region, use));
  }
}

/** A customer-managed symmetric key with yearly automatic rotation, a scoped key policy and an alias. */
export class EnvironmentKey extends Construct {
  /** A handle on an existing environment key (e.g. `SecurityOutputs.keyArn`) that grants can use. */
  static fromKeyArn(keyArn: string, region: string): KeyReference {
    return new KeyReference(keyArn, region);
  }

  readonly key: KmsKey;
  readonly alias: KmsAlias;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: EnvironmentKeyProps) {
    super(scope, id);
    this.region = props.region;
    this.key = new KmsKey(this, 'key', {
      description: `${props.namePrefix}: encrypts secrets, parameters, logs and function settings`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowDays,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      policy: policyDocument(environmentKeyPolicy(props)),
    });
    this.alias = new KmsAlias(this, 'alias', { name: `alias/${props.namePrefix}`, targetKeyId: this.key.keyId });
  }

  /** Lets `grantee` use this key as `use` describes (see KeyReference.grant). */
  grant(grantee: IGrantable, use: KeyUse): void {
    EnvironmentKey.fromKeyArn(this.key.arn, this.region).grant(grantee, use);
  }
}
