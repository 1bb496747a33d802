import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AssetType, TerraformAsset, Token } from 'cdktf';
import { Construct } from 'constructs';
import { arnPrefix } from '../config/regions';
import { EXPOSURE_TAG, type Exposure } from '../guardrails/exposure';
import { BoundedRole } from './bounded-role';
import { ConstructPropsError } from './construct-error';
import { EncryptedLogGroup } from './encrypted-log-group';
import { EncryptedQueue } from './encrypted-queue';
import { EnvironmentKey } from './environment-key';
import type { IGrantable } from './grants';
import { LAMBDA_RUNTIME } from './lambda-runtime';
import { VPC_FUNCTION_ENI_ACTIONS } from './permissions-boundary';
import type { PolicyStatement } from './policy-document';

/** Where `npm run build:functions` writes the deterministic zips. */
export const FUNCTION_BUNDLE_DIR = resolve(__dirname, '../../dist/functions');

/** Lambda's limits on memory (MB) and timeout (seconds). */
export const LAMBDA_LIMITS = { memoryMb: { min: 128, max: 10_240 }, timeoutSeconds: { min: 1, max: 900 } } as const;

/** Props of a Lambda bundled from functions/<name>/handler.ts. */
export interface BundledFunctionProps {
  /** Folder under functions/ (also the bundle name), e.g. `webhook`. */
  readonly bundle: string;
  /** `<project>-<env>`: the function and its role are named `<namePrefix>-<functionName>`. */
  readonly namePrefix: string;
  /** Name suffix of the function, its role, log group and queue. @default the bundle name */
  readonly functionName?: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  /** Account the function runs in; its role trusts Lambda only for this account and function. */
  readonly accountId: string;
  /** Region the function runs in. */
  readonly region: string;
  /** Environment key: encrypts environment variables, the log group and the dead-letter queue. */
  readonly kmsKeyArn: string;
  /** ARN of the environment's permissions boundary, put on the function's role. */
  readonly permissionsBoundaryArn: string;
  /** Days the function's log group keeps events (a CloudWatch retention value). */
  readonly logRetentionDays: number;
  /** Concurrent executions reserved for (and capping) the function; 0 stops it from running. */
  readonly reservedConcurrency: number;
  /**
   * The function's first permissions, beyond logs, tracing, its dead-letter queue and (in a VPC) its ENIs;
   * grants and `addToRolePolicy` add more after construction. @default none
   */
  readonly statements?: readonly PolicyStatement[];
  /** Environment variables: names and ARNs only, never secret values. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Isolated subnets and security groups; unset runs the function outside any VPC. @default none */
  readonly vpc?: { readonly subnetIds: string[]; readonly securityGroupIds: string[] };
  /**
   * The function decrypts values encrypted for it with `npm run encrypt` (functions/shared/encrypted-env.ts):
   * its role may then call kms:Decrypt directly, only with the encryption context naming this function. @default false
   */
  readonly decryptsEncryptedEnvironment?: boolean;
  /** Who can reach the function; the guardrails hold it to the matching controls. @default 'internal' */
  readonly exposure?: Exposure;
  /** Memory in MB, 128 to 10240 (CPU grows with it). @default 256 */
  readonly memorySize?: number;
  /** Seconds before an invocation is stopped, 1 to 900. @default 10 */
  readonly timeout?: number;
  /** Where the bundle zips are read from. @default FUNCTION_BUNDLE_DIR */
  readonly bundleDir?: string;
}

/** Throws, naming the construct, the prop and the allowed range, unless `value` is an integer in [min, max]. */
function checkRange(scope: Construct, prop: string, value: number, range: { min: number; max: number }): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ConstructPropsError(
      scope,
      `${prop} ${value} is out of range: use a whole number from ${range.min} to ${range.max}`,
    );
  }
}

/**
 * A Lambda from an esbuild bundle: Node.js 24 (LAMBDA_RUNTIME) on arm64, its own bounded least-privilege role, a KMS-encrypted
 * log group with retention and JSON logs, X-Ray tracing, reserved concurrency, environment variables encrypted
 * with the environment key and a KMS-encrypted dead-letter queue. Grant it more with `addToRolePolicy` or a
 * resource's grant method (`secret.grantRead(fn, ...)`): the role policy is rendered at synth.
 */
export class BundledFunction extends Construct implements IGrantable {
  readonly function: LambdaFunction;
  readonly role: BoundedRole;
  readonly logGroup: EncryptedLogGroup;
  readonly deadLetterQueue: EncryptedQueue;
  /** `<namePrefix>-<functionName>`: the name of the function, its role and log group. */
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    const { accountId, region } = props;
    const memorySize = props.memorySize ?? 256;
    const timeout = props.timeout ?? 10;
    checkRange(this, 'memorySize', memorySize, LAMBDA_LIMITS.memoryMb);
    checkRange(this, 'timeout', timeout, LAMBDA_LIMITS.timeoutSeconds);
    checkRange(this, 'reservedConcurrency', props.reservedConcurrency, { min: 0, max: Number.MAX_SAFE_INTEGER });
    this.functionName = `${props.namePrefix}-${props.functionName ?? props.bundle}`;
    const functionArn = `${arnPrefix(region)}:lambda:${region}:${accountId}:function:${this.functionName}`;
    const zipPath = join(props.bundleDir ?? FUNCTION_BUNDLE_DIR, `${props.bundle}.zip`);
    if (!existsSync(zipPath)) {
      throw new ConstructPropsError(
        this,
        `function bundle ${zipPath} is missing: run \`npm run build:functions\` (synth through cdktf does it for you)`,
      );
    }

    this.logGroup = new EncryptedLogGroup(this, 'logs', {
      name: `/aws/lambda/${this.functionName}`,
      kmsKeyArn: props.kmsKeyArn,
      retentionDays: props.logRetentionDays,
    });
    this.deadLetterQueue = new EncryptedQueue(this, 'dlq', {
      name: `${this.functionName}-dlq`,
      kmsKeyArn: props.kmsKeyArn,
      region,
    });
    this.role = new BoundedRole(this, 'role', {
      name: this.functionName,
      description: `Execution role of ${this.functionName}`,
      assumedBy: { service: 'lambda.amazonaws.com' },
      trustConditions: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnLike: { 'aws:SourceArn': functionArn },
      },
      permissionsBoundaryArn: props.permissionsBoundaryArn,
    });

    const key = EnvironmentKey.fromKeyArn(props.kmsKeyArn, region);
    this.logGroup.grantWrite(this, 'OwnLogs');
    // X-Ray has no resource-level permissions.
    this.addToRolePolicy({
      Sid: 'UploadTraces',
      Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      Resource: '*',
    });
    this.deadLetterQueue.grantSendMessages(this, 'OwnDeadLetter');
    key.grant(this, { sid: 'DecryptOwnEnvironmentVariables', actions: ['kms:Decrypt'], viaService: 'lambda' });
    if (props.decryptsEncryptedEnvironment) {
      key.grant(this, {
        sid: 'DecryptValuesEncryptedForThisFunction',
        actions: ['kms:Decrypt'],
        encryptionContext: { LambdaFunctionName: this.functionName },
      });
    }
    if (props.vpc) {
      this.addToRolePolicy({ Sid: 'ManageVpcNetworkInterfaces', Action: [...VPC_FUNCTION_ENI_ACTIONS], Resource: '*' });
    }
    for (const statement of props.statements ?? []) this.addToRolePolicy(statement);

    const asset = new TerraformAsset(this, 'bundle', { path: zipPath, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'function', {
      functionName: this.functionName,
      description: props.description,
      role: this.role.role.arn,
      runtime: LAMBDA_RUNTIME,
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: createHash('sha256').update(readFileSync(zipPath)).digest('base64'),
      memorySize,
      timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      kmsKeyArn: props.kmsKeyArn,
      environment: {
        variables: {
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: props.bundle,
          POWERTOOLS_LOG_LEVEL: 'INFO',
          ...props.environment,
        },
      },
      tracingConfig: { mode: 'Active' },
      loggingConfig: {
        logFormat: 'JSON',
        logGroup: this.logGroup.logGroup.name,
        applicationLogLevel: 'INFO',
        systemLogLevel: 'WARN',
      },
      deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
      vpcConfig: props.vpc
        ? { subnetIds: props.vpc.subnetIds, securityGroupIds: props.vpc.securityGroupIds }
        : undefined,
      tags: { [EXPOSURE_TAG]: props.exposure ?? 'internal' },
      dependsOn: [this.logGroup.logGroup],
    });
  }

  /** Name of the function's role, the same as the function's (see IGrantable). */
  get roleName(): string {
    return this.role.roleName;
  }

  /** Adds a statement to the function role's inline policy (see IGrantable). */
  addToRolePolicy(statement: PolicyStatement): void {
    this.role.addToRolePolicy(statement);
  }
}
