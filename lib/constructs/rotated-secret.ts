import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { Construct } from 'constructs';
import { suppressGuardrail } from '../guardrails/suppressions';
import { BundledFunction } from './bundled-function';
import { ConstructPropsError } from './construct-error';
import { EnvironmentKey, type KeyReference, keyUseStatement } from './environment-key';
import { type Grant, grantStatements, type IGrantable } from './grants';
import type { PolicyStatement } from './policy-document';
import { SecretPolicy } from './secret-policy';

/** Props of a Secrets Manager secret on the environment key with its own rotation function. */
export interface RotatedSecretProps {
  /** Secret name, `<project>/<env>/...` so the permissions boundary pattern matches. */
  readonly secretName: string;
  /** What the secret is for, shown in the Secrets Manager console. */
  readonly description: string;
  /** `<project>-<env>`: prefixes the rotation function's name. */
  readonly namePrefix: string;
  /** Account of the secret; the resource policy denies every other account. */
  readonly accountId: string;
  /** Region of the secret. */
  readonly region: string;
  /** ARN of the environment key the secret (and its rotation function) encrypts with. */
  readonly kmsKeyArn: string;
  /** ARN of the permissions boundary of the rotation function's role. */
  readonly permissionsBoundaryArn: string;
  /** Days the rotation function's log group keeps events. */
  readonly logRetentionDays: number;
  /** Days a deleted secret stays recoverable (0: deleted at once). */
  readonly recoveryWindowDays: number;
  /** Days between automatic rotations. */
  readonly rotationDays: number;
  /** Bundle of the rotation function (folder under functions/). Required unless `rotationOffReason` is set. */
  readonly rotationBundle?: string;
  /** Function name suffix of the rotation function; keep it unique per environment. Required with `rotationBundle`. */
  readonly rotationFunctionName?: string;
  /**
   * Why this secret has no automatic rotation (e.g. the sender issues the value); given instead of a rotation
   * function, and recorded as the SecretRotationEnabled guardrail suppression. @default none (the secret rotates)
   */
  readonly rotationOffReason?: string;
  /** Extra environment variables of the rotation function. @default none */
  readonly rotationEnvironment?: Readonly<Record<string, string>>;
  /** Extra permissions of the rotation function, beyond reading other secrets (rotationReads). @default none */
  readonly rotationStatements?: readonly PolicyStatement[];
  /**
   * Other secrets the rotation function reads (a master credential, an API token), each granted with
   * `grantRead(rotationFunction, label)` so their resource policies list it too. @default none
   */
  readonly rotationReads?: readonly { readonly secret: SecretReference; readonly label: string }[];
  /**
   * Isolated subnets and security group of the rotation function; `undefined` runs it outside any VPC (exposure
   * `internal`: only Secrets Manager invokes it), for a rotation that must reach a third party's API.
   */
  readonly vpc: { readonly subnetIds: string[]; readonly securityGroupIds: string[] } | undefined;
  /** Whether the first rotation runs at deploy time (it creates the first value). @default true */
  readonly rotateImmediately?: boolean;
  /**
   * A role (in this account) that operators assume to manage the value by hand, and the secretsmanager actions
   * the resource policy admits it for on this secret (GetSecretValue among them lets it read the value).
   * @default none
   */
  readonly operator?: { readonly roleArn: string; readonly actions: readonly string[] };
}

/** KMS permissions for Secrets Manager to encrypt or decrypt one secret's values on a principal's behalf. */
export function secretKeyUse(
  sid: string,
  kmsKeyArn: string,
  secretArn: string,
  region: string,
  actions: string[],
): PolicyStatement {
  return keyUseStatement(kmsKeyArn, region, {
    sid,
    actions,
    viaService: 'secretsmanager',
    encryptionContext: { SecretARN: secretArn },
  });
}

/**
 * A secret on the environment key as another stack sees it: its ARN (a cross-stack output) and the key. Its grants
 * write both sides: the grantee's own policy, and the reader list of the secret's resource policy when the secret
 * is this app's (a SecretPolicy in any stack; see secret-policy.ts for why that needs no cross-stack reference).
 */
export class SecretReference {
  constructor(
    /** ARN of the secret. */
    readonly secretArn: string,
    /** The key the secret is encrypted with. */
    readonly key: KeyReference,
  ) {}

  /**
   * Lets `grantee` read the secret's value (`Read<label>`), have Secrets Manager decrypt it with the key for this
   * secret only (`Decrypt<label>`), and lists its role in the secret's resource policy. `label` names the secret's
   * purpose, e.g. `SigningSecret`. A secret this app does not manage keeps its own policy: only the identity side
   * is written then (`resourcePrincipals` is empty).
   */
  grantRead(grantee: IGrantable, label: string): Grant {
    const policy = SecretPolicy.of(grantee, this.secretArn);
    const admitted = policy === undefined ? [] : [policy.addReader(grantee.roleName)];
    return grantStatements(
      grantee,
      [
        { Sid: `Read${label}`, Action: ['secretsmanager:GetSecretValue'], Resource: this.secretArn },
        secretKeyUse(`Decrypt${label}`, this.key.keyArn, this.secretArn, this.key.region, ['kms:Decrypt']),
      ],
      admitted,
    );
  }
}

/**
 * A secret encrypted with the environment key, a resource policy (SecretPolicy) that denies other accounts and
 * lets only its rotation role and the roles granted `grantRead` read the value, and either a rotation function that only Secrets Manager, for this secret, may invoke,
 * or a stated reason for having none (recorded as a guardrail suppression). An optional operator role may be
 * admitted for named actions on the value; everyone else is then denied changing it.
 */
export class RotatedSecret extends Construct {
  /** A handle on a secret of another stack (e.g. `SecretsOutputs.webhookSecretArn`) that grants can use. */
  static fromSecretArn(secretArn: string, key: KeyReference): SecretReference {
    return new SecretReference(secretArn, key);
  }

  /** A handle on this secret for grants, e.g. to pass as another secret's `rotationReads`. */
  get reference(): SecretReference {
    return this.handle;
  }

  readonly secret: SecretsmanagerSecret;
  /** ARN of the secret: one reference, so grants and outputs point at the same thing. */
  readonly secretArn: string;
  /** The secret's resource policy; grants add its readers. */
  readonly policy: SecretPolicy;
  /** The rotation function; undefined for a secret without automatic rotation. */
  readonly rotationFunction: BundledFunction | undefined;
  private readonly handle: SecretReference;

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
    // which the policy below forbids. The first rotation (or, for a secret without one, an operator) creates it.
    const secretArn = this.secret.arn;
    this.secretArn = secretArn;
    this.handle = RotatedSecret.fromSecretArn(secretArn, EnvironmentKey.fromKeyArn(props.kmsKeyArn, region));

    const rotationOff = props.rotationOffReason !== undefined;
    if (
      rotationOff === (props.rotationBundle !== undefined) ||
      rotationOff === (props.rotationFunctionName !== undefined)
    ) {
      throw new ConstructPropsError(
        this,
        'give either rotationBundle and rotationFunctionName (automatic rotation) or rotationOffReason (no rotation), not both or neither',
      );
    }
    let rotationFunction: BundledFunction | undefined;
    if (props.rotationBundle !== undefined && props.rotationFunctionName !== undefined) {
      rotationFunction = new BundledFunction(this, 'rotation', {
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
        ...(props.vpc === undefined ? {} : { vpc: props.vpc }),
        exposure: props.vpc === undefined ? 'internal' : 'private',
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
          secretKeyUse('UseKeyForOwnSecret', props.kmsKeyArn, secretArn, region, [
            'kms:Decrypt',
            'kms:GenerateDataKey',
          ]),
          ...(props.rotationStatements ?? []),
        ],
      });
    }
    this.rotationFunction = rotationFunction;
    this.policy = new SecretPolicy(this, 'policy', {
      secretArn,
      secretName: props.secretName,
      accountId,
      region,
      ...(props.operator === undefined ? {} : { operator: props.operator }),
      ...(rotationFunction === undefined ? {} : { rotationRoleName: rotationFunction.roleName }),
    });
    for (const read of props.rotationReads ?? []) {
      if (rotationFunction === undefined) {
        throw new ConstructPropsError(this, 'rotationReads needs a rotation function: give rotationBundle too');
      }
      read.secret.grantRead(rotationFunction, read.label);
    }

    if (rotationFunction === undefined) {
      suppressGuardrail(this.secret, 'SecretRotationEnabled', props.rotationOffReason ?? '');
      return;
    }
    const permission = new LambdaPermission(this, 'invoke', {
      statementId: 'SecretsManagerRotatesOwnSecret',
      action: 'lambda:InvokeFunction',
      functionName: rotationFunction.function.functionName,
      principal: 'secretsmanager.amazonaws.com',
      sourceAccount: accountId,
      sourceArn: secretArn,
    });
    new SecretsmanagerSecretRotation(this, 'rotation-schedule', {
      secretId: secretArn,
      rotationLambdaArn: rotationFunction.function.arn,
      rotationRules: { automaticallyAfterDays: props.rotationDays },
      // The first rotation creates the first value, so no secret ever passes through Terraform or its state.
      rotateImmediately: props.rotateImmediately ?? true,
      dependsOn: [permission],
    });
  }

  /** Lets `grantee` read the value, on both sides (see SecretReference.grantRead). */
  grantRead(grantee: IGrantable, label: string): Grant {
    return this.handle.grantRead(grantee, label);
  }
}
