import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { Construct } from 'constructs';
import { arnPrefix } from '../../config/regions';
import { BundledFunction } from './bundled-function';
import { type PolicyStatement, policyDocument } from './policy-document';

/** Props of a Secrets Manager secret on the environment key with its own rotation function. */
export interface RotatedSecretProps {
  /** Secret name, `<project>/<env>/...` so the permissions boundary pattern matches. */
  readonly secretName: string;
  readonly description: string;
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly kmsKeyArn: string;
  readonly permissionsBoundaryArn: string;
  readonly logRetentionDays: number;
  /** Days a deleted secret stays recoverable (0: deleted at once). */
  readonly recoveryWindowDays: number;
  readonly rotationDays: number;
  /** Bundle of the rotation function (folder under functions/). */
  readonly rotationBundle: string;
  /** Function name suffix of the rotation function; keep it unique per environment. */
  readonly rotationFunctionName: string;
  /** Extra environment variables of the rotation function. @default none */
  readonly rotationEnvironment?: Readonly<Record<string, string>>;
  /** Extra permissions of the rotation function (e.g. reading a master secret). @default none */
  readonly rotationStatements?: readonly PolicyStatement[];
  /** Names of the roles (besides the rotation function's) allowed to read the value. */
  readonly readerRoleNames: readonly string[];
  /** Isolated subnets and security group of the rotation function. */
  readonly vpc: { readonly subnetIds: string[]; readonly securityGroupIds: string[] };
}

/** KMS permissions for Secrets Manager to encrypt or decrypt one secret's values on a principal's behalf. */
export function secretKeyUse(
  sid: string,
  kmsKeyArn: string,
  secretArn: string,
  region: string,
  actions: string[],
): PolicyStatement {
  return {
    Sid: sid,
    Action: actions,
    Resource: kmsKeyArn,
    Condition: {
      StringEquals: {
        'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
        'kms:EncryptionContext:SecretARN': secretArn,
      },
    },
  };
}

/** Who may read a secret's value, for secretReadersPolicy. */
export interface SecretReaders {
  readonly accountId: string;
  /** Roles allowed to call GetSecretValue; everyone else is denied, whatever their IAM policies say. */
  readonly readerRoleArns: readonly string[];
  /**
   * Leave AWS services acting on their own behalf out of both denials (RDS rotates the master secret it manages).
   * @default false
   */
  readonly exemptAwsServices?: boolean;
}

/**
 * A secret's resource policy: nothing from other accounts, and only the named roles read the value. Administrators
 * keep managing the secret (describe, rotate, delete) but cannot read it without changing this policy first.
 */
export function secretReadersPolicy(readers: SecretReaders): PolicyStatement[] {
  const servicesExempt: Record<string, Record<string, string>> = readers.exemptAwsServices
    ? { Bool: { 'aws:PrincipalIsAWSService': 'false' } }
    : {};
  return [
    {
      Sid: 'DenyEveryoneOutsideThisAccount',
      Effect: 'Deny',
      Principal: '*',
      Action: 'secretsmanager:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': readers.accountId }, ...servicesExempt },
    },
    {
      Sid: 'OnlyConsumersAndRotationReadTheValue',
      Effect: 'Deny',
      Principal: '*',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': [...readers.readerRoleArns] }, ...servicesExempt },
    },
  ];
}

/**
 * A secret encrypted with the environment key, a resource policy that denies other accounts and lets only named
 * roles read the value, and a rotation function that only Secrets Manager, for this secret, may invoke.
 */
export class RotatedSecret extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly rotationFunction: BundledFunction;
  /** ARN of the rotation function's role (for other secrets it must read, such as a master credential). */
  readonly rotationRoleArn: string;

  constructor(scope: Construct, id: string, props: RotatedSecretProps) {
    super(scope, id);
    const { accountId, region } = props;
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.secretName,
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowDays,
    });
    // No aws_secretsmanager_secret_version: Terraform would read the value on every plan (and keep it in state),
    // which the policy below forbids. The first rotation creates the value instead.
    const secretArn = this.secret.arn;

    this.rotationFunction = new BundledFunction(this, 'rotation', {
      bundle: props.rotationBundle,
      functionName: props.rotationFunctionName,
      namePrefix: props.namePrefix,
      description: `Rotates ${props.secretName}`,
      accountId,
      region,
      kmsKeyArn: props.kmsKeyArn,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      logRetentionDays: props.logRetentionDays,
      reservedConcurrency: 1, // rotation steps of one secret never need to run side by side
      timeout: 60,
      vpc: props.vpc,
      exposure: 'private',
      environment: props.rotationEnvironment,
      statements: [
        {
          Sid: 'RotateOwnSecret',
          Action: [
            'secretsmanager:DescribeSecret',
            'secretsmanager:GetSecretValue',
            'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecretVersionStage',
          ],
          Resource: secretArn,
        },
        // GetRandomPassword acts on no resource, so it cannot be scoped.
        { Sid: 'GenerateRandomPasswords', Action: ['secretsmanager:GetRandomPassword'], Resource: '*' },
        secretKeyUse('UseKeyForOwnSecret', props.kmsKeyArn, secretArn, region, ['kms:Decrypt', 'kms:GenerateDataKey']),
        ...(props.rotationStatements ?? []),
      ],
    });
    const rotationRoleArn = `${arnPrefix(region)}:iam::${accountId}:role/${this.rotationFunction.functionName}`;
    this.rotationRoleArn = rotationRoleArn;

    new SecretsmanagerSecretPolicy(this, 'policy', {
      secretArn,
      blockPublicPolicy: true,
      policy: policyDocument(
        secretReadersPolicy({
          accountId,
          readerRoleArns: [
            rotationRoleArn,
            ...props.readerRoleNames.map((n) => `${arnPrefix(region)}:iam::${accountId}:role/${n}`),
          ],
        }),
      ),
    });

    const permission = new LambdaPermission(this, 'invoke', {
      statementId: 'SecretsManagerRotatesOwnSecret',
      action: 'lambda:InvokeFunction',
      functionName: this.rotationFunction.function.functionName,
      principal: 'secretsmanager.amazonaws.com',
      sourceAccount: accountId,
      sourceArn: secretArn,
    });
    new SecretsmanagerSecretRotation(this, 'rotation-schedule', {
      secretId: secretArn,
      rotationLambdaArn: this.rotationFunction.function.arn,
      rotationRules: { automaticallyAfterDays: props.rotationDays },
      // The first rotation creates the first value, so no secret ever passes through Terraform or its state.
      rotateImmediately: true,
      dependsOn: [permission],
    });
  }
}
