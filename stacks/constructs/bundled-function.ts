import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { LAMBDA_RUNTIME } from '../function-defaults';
import { EXPOSURE_TAG, type Exposure } from '../guardrails/exposure';
import { BoundedRole } from './bounded-role';
import { EncryptedLogGroup } from './encrypted-log-group';
import { VPC_FUNCTION_ENI_ACTIONS } from './permissions-boundary';
import type { PolicyStatement } from './policy-document';

/** Where `npm run build:functions` writes the deterministic zips. */
export const FUNCTION_BUNDLE_DIR = resolve(__dirname, '../../dist/functions');

/** Props of a Lambda bundled from functions/<name>/handler.ts. */
export interface BundledFunctionProps {
  /** Folder under functions/ (also the bundle name), e.g. `webhook`. */
  readonly bundle: string;
  /** `<project>-<env>`: the function and its role are named `<namePrefix>-<functionName>`. */
  readonly namePrefix: string;
  /** Name suffix of the function, its role, log group and queue. @default the bundle name */
  readonly functionName?: string;
  readonly description: string;
  readonly accountId: string;
  readonly region: string;
  /** Environment key: encrypts environment variables, the log group and the dead-letter queue. */
  readonly kmsKeyArn: string;
  readonly permissionsBoundaryArn: string;
  readonly logRetentionDays: number;
  readonly reservedConcurrency: number;
  /** The function's own permissions, beyond logs, tracing, its dead-letter queue and (in a VPC) its ENIs. */
  readonly statements: readonly PolicyStatement[];
  /** Environment variables: names and ARNs only, never secret values. */
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
  /** @default 256 */
  readonly memorySize?: number;
  /** Seconds. @default 10 */
  readonly timeout?: number;
  /** Where the bundle zips are read from. @default FUNCTION_BUNDLE_DIR */
  readonly bundleDir?: string;
}

/**
 * A Lambda from an esbuild bundle: Node.js 24 (LAMBDA_RUNTIME) on arm64, its own bounded least-privilege role, a KMS-encrypted
 * log group with retention and JSON logs, X-Ray tracing, reserved concurrency, environment variables encrypted
 * with the environment key and a KMS-encrypted dead-letter queue.
 */
export class BundledFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: BoundedRole;
  readonly logGroup: EncryptedLogGroup;
  readonly deadLetterQueue: SqsQueue;
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    const { accountId, region } = props;
    this.functionName = `${props.namePrefix}-${props.functionName ?? props.bundle}`;
    const functionArn = `arn:aws:lambda:${region}:${accountId}:function:${this.functionName}`;
    const zipPath = join(props.bundleDir ?? FUNCTION_BUNDLE_DIR, `${props.bundle}.zip`);
    if (!existsSync(zipPath)) {
      throw new Error(
        `function bundle ${zipPath} is missing: run \`npm run build:functions\` (synth through cdktf does it for you)`,
      );
    }

    this.logGroup = new EncryptedLogGroup(this, 'logs', {
      name: `/aws/lambda/${this.functionName}`,
      kmsKeyArn: props.kmsKeyArn,
      retentionDays: props.logRetentionDays,
    });
    this.deadLetterQueue = new SqsQueue(this, 'dlq', {
      name: `${this.functionName}-dlq`,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: 14 * 24 * 3600,
    });

    const logGroupArn = this.logGroup.logGroup.arn;
    const baseline: PolicyStatement[] = [
      { Sid: 'WriteOwnLogs', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroupArn}:*` },
      // X-Ray has no resource-level permissions.
      { Sid: 'UploadTraces', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
      { Sid: 'SendToOwnDeadLetterQueue', Action: ['sqs:SendMessage'], Resource: this.deadLetterQueue.arn },
      {
        Sid: 'EncryptOwnDeadLetterMessages',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: props.kmsKeyArn,
        Condition: {
          StringEquals: { 'kms:ViaService': `sqs.${region}.amazonaws.com` },
          ArnEquals: { 'kms:EncryptionContext:aws:sqs:arn': this.deadLetterQueue.arn },
        },
      },
      {
        Sid: 'DecryptOwnEnvironmentVariables',
        Action: ['kms:Decrypt'],
        Resource: props.kmsKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': `lambda.${region}.amazonaws.com` } },
      },
    ];
    if (props.decryptsEncryptedEnvironment) {
      baseline.push({
        Sid: 'DecryptValuesEncryptedForThisFunction',
        Action: ['kms:Decrypt'],
        Resource: props.kmsKeyArn,
        Condition: { StringEquals: { 'kms:EncryptionContext:LambdaFunctionName': this.functionName } },
      });
    }
    if (props.vpc) {
      baseline.push({
        Sid: 'ManageVpcNetworkInterfaces',
        Action: [...VPC_FUNCTION_ENI_ACTIONS],
        Resource: '*',
      });
    }
    this.role = new BoundedRole(this, 'role', {
      name: this.functionName,
      description: `Execution role of ${this.functionName}`,
      assumedBy: { service: 'lambda.amazonaws.com' },
      trustConditions: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnLike: { 'aws:SourceArn': functionArn },
      },
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      statements: [...baseline, ...props.statements],
    });

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
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? 10,
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
}
