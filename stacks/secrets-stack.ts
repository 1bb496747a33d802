import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { dependable } from 'cdktf';
import type { Construct } from 'constructs';
import { arnPrefix } from '../lib/config/regions';
import { BoundedRole } from '../lib/constructs/bounded-role';
import { ConstructPropsError } from '../lib/constructs/construct-error';
import { EncryptedLogGroup } from '../lib/constructs/encrypted-log-group';
import { EncryptedParameter } from '../lib/constructs/encrypted-parameter';
import { EnvironmentKey } from '../lib/constructs/environment-key';
import { RotatedSecret, type RotatedSecretProps, secretKeyUse } from '../lib/constructs/rotated-secret';
import { SecretPolicy } from '../lib/constructs/secret-policy';
import { EnvironmentStack, type EnvironmentStackProps, publishOutputs } from '../lib/environment-stack';
import { type MonitoredFunction, monitoredFunctions } from '../lib/monitored-function';
import { functionBasics, isolatedFunctionNetwork } from './function-defaults';
import { type NetworkOutputs, POSTGRES_PORT } from './network-stack';
import type { SecurityOutputs } from './security-stack';

/** Names of the functions that consume the secrets; the app stack creates them and grants them their reads. */
export const CONSUMER_FUNCTIONS = { webhook: 'webhook', api: 'api' } as const;

/** Function (and role) name suffix of the webhook signing secret's rotation, when it rotates. */
export const WEBHOOK_ROTATION_FUNCTION = 'rotate-webhook-secret';
/** Role name suffix of the webhook secret operator role (npm run webhook-secret assumes it). */
export const WEBHOOK_SECRET_OPERATOR = 'webhook-secret-operator';

/** Props of the secrets stack. */
export interface SecretsStackProps extends EnvironmentStackProps {
  readonly security: SecurityOutputs;
  readonly network: NetworkOutputs;
}

/** What the secrets stack hands to the app stack. */
export interface SecretsOutputs {
  /** ARN of the webhook signing secret. */
  readonly webhookSecretArn: string;
  /** Role the configured operators assume to set, show or rotate the signing secret; unset without operators. */
  readonly webhookSecretOperatorRoleArn?: string;
  /** Secret holding the GitHub token of the webhook secret rotation; unset without webhook.githubHook. */
  readonly githubTokenSecretArn?: string;
  /** ARN of the application database credential (alternating users); unset without a database. */
  readonly databaseSecretArn?: string;
  /** ARN of the RDS-managed master credential; unset without a database. */
  readonly databaseMasterSecretArn?: string;
  /** `host:port` of the database; unset without a database. */
  readonly databaseEndpoint?: string;
  /** RDS identifier of the database instance; unset without a database. */
  readonly databaseInstanceId?: string;
  /** The rotation functions, for `<env>-monitoring`'s alarms. */
  readonly rotationFunctions: readonly MonitoredFunction[];
  /** Name of the SecureString parameter holding the application's non-secret settings. */
  readonly configParameterName: string;
  /** ARN of the same parameter. */
  readonly configParameterArn: string;
}

/** `<env>-secrets`: rotated secrets on the environment key, the optional database and the settings parameter. */
export class SecretsStack extends EnvironmentStack {
  readonly outputs: SecretsOutputs;

  constructor(scope: Construct, props: SecretsStackProps) {
    super(scope, 'secrets', props);
    const { region, secrets, database, logRetentionDays, production } = this.environment;
    const { keyArn } = props.security;
    const key = EnvironmentKey.fromKeyArn(keyArn, region);
    const secretPath = `${this.project}/${this.environment.name}`;
    const shared = {
      ...functionBasics(this, props.security),
      recoveryWindowDays: secrets.recoveryWindowDays,
      rotationDays: secrets.rotationDays,
      vpc: isolatedFunctionNetwork(props.network),
    };

    const webhookSecret = this.webhookSigningSecret(props, shared, secretPath);

    const settings = new EncryptedParameter(this, 'app-config', {
      name: `/${secretPath}/app/config`,
      description: 'Non-secret application settings, encrypted with the environment key',
      kmsKeyArn: keyArn,
      region,
      initialValue: JSON.stringify({ greeting: `hello from ${this.environment.name}` }),
    });
    const parameter = settings.parameter;

    let databaseOutputs: Pick<
      SecretsOutputs,
      'databaseSecretArn' | 'databaseMasterSecretArn' | 'databaseEndpoint' | 'databaseInstanceId'
    > = {};
    const databaseSecurityGroupId = props.network.databaseSecurityGroupId;
    if (database.enabled) {
      if (!databaseSecurityGroupId) {
        throw new ConstructPropsError(
          this,
          `environment "${this.environment.name}" enables a database but the network stack made no database security group: pass NetworkOutputs.databaseSecurityGroupId`,
        );
      }
      const subnets = new DbSubnetGroup(this, 'db-subnets', {
        name: `${this.namePrefix}-db`,
        description: 'Isolated subnets of the application database',
        subnetIds: props.network.isolatedSubnetIds,
      });
      const majorVersion = database.engineVersion.split('.')[0];
      const parameters = new DbParameterGroup(this, 'db-parameters', {
        name: `${this.namePrefix}-postgres${majorVersion}`,
        family: `postgres${majorVersion}`,
        description: 'TLS only, connection logging',
        parameter: [
          { name: 'rds.force_ssl', value: '1' },
          { name: 'log_connections', value: '1' },
          { name: 'log_disconnections', value: '1' },
        ],
      });
      // RDS would create its log groups on first export, unencrypted and kept forever: create them first.
      const dbIdentifier = `${this.namePrefix}-db`;
      const dbLogExports = ['postgresql', 'upgrade'];
      const dbLogGroups = dbLogExports.map(
        (kind) =>
          new EncryptedLogGroup(this, `db-logs-${kind}`, {
            name: `/aws/rds/instance/${dbIdentifier}/${kind}`,
            kmsKeyArn: keyArn,
            retentionDays: logRetentionDays,
          }).logGroup,
      );
      const instance = new DbInstance(this, 'db', {
        identifier: dbIdentifier,
        engine: 'postgres',
        engineVersion: database.engineVersion,
        instanceClass: database.instanceClass,
        allocatedStorage: database.allocatedStorageGb,
        storageType: 'gp3',
        storageEncrypted: true,
        kmsKeyId: keyArn,
        dbName: database.databaseName,
        username: 'postgres_admin',
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: keyArn,
        port: POSTGRES_PORT,
        dbSubnetGroupName: subnets.name,
        vpcSecurityGroupIds: [databaseSecurityGroupId],
        parameterGroupName: parameters.name,
        publiclyAccessible: false,
        iamDatabaseAuthenticationEnabled: true,
        multiAz: production,
        deletionProtection: production,
        skipFinalSnapshot: !production,
        finalSnapshotIdentifier: production ? `${this.namePrefix}-db-final` : undefined,
        backupRetentionPeriod: production ? 14 : 1,
        copyTagsToSnapshot: true,
        autoMinorVersionUpgrade: true,
        enabledCloudwatchLogsExports: dbLogExports,
        dependsOn: dbLogGroups,
      });
      const masterSecretArn = instance.masterUserSecret.get(0).secretArn;
      // The master credential RDS creates and rotates: the same resource policy as the app secrets, read only by the
      // rotation function that builds the app login from it (its grant below). RDS itself (an AWS service) keeps
      // managing it.
      new SecretPolicy(this, 'db-master-secret-policy', {
        secretArn: masterSecretArn,
        accountId: this.environment.accountId,
        region,
        exemptAwsServices: true,
      });
      const appCredential = new RotatedSecret(this, 'db-credential', {
        ...shared,
        secretName: `${secretPath}/database/app`,
        description: `Login of ${database.appUsername} (alternating with ${database.appUsername}_clone) to ${database.databaseName}`,
        rotationBundle: 'rotate-postgres',
        rotationFunctionName: 'rotate-db-credential',
        // Names and endpoints only: the first rotation builds the credential from them and the master secret.
        rotationEnvironment: {
          DB_CA_BUNDLE_PATH: '/var/runtime/ca-cert.pem',
          DB_HOST: instance.address,
          DB_PORT: String(POSTGRES_PORT),
          DB_NAME: database.databaseName,
          DB_USERNAME: database.appUsername,
          MASTER_SECRET_ARN: masterSecretArn,
        },
        rotationReads: [{ secret: RotatedSecret.fromSecretArn(masterSecretArn, key), label: 'MasterSecret' }],
      });
      appCredential.node.addDependency(instance);
      databaseOutputs = {
        databaseSecretArn: appCredential.secretArn,
        databaseMasterSecretArn: masterSecretArn,
        databaseEndpoint: instance.endpoint,
        databaseInstanceId: instance.identifier,
      };
    }

    this.outputs = {
      webhookSecretArn: webhookSecret.signing.secretArn,
      ...(webhookSecret.operatorRoleArn === undefined
        ? {}
        : { webhookSecretOperatorRoleArn: webhookSecret.operatorRoleArn }),
      ...(webhookSecret.githubTokenSecretArn === undefined
        ? {}
        : { githubTokenSecretArn: webhookSecret.githubTokenSecretArn }),
      configParameterName: parameter.name,
      configParameterArn: parameter.arn,
      rotationFunctions: monitoredFunctions(this),
      ...databaseOutputs,
    };
    publishOutputs(this, this.outputs, {
      webhookSecretArn: { description: 'ARN of the webhook signing secret' },
      webhookSecretOperatorRoleArn: {
        description: 'Role webhook.operatorPrincipals assume for npm run webhook-secret (set, show, rotate)',
      },
      githubTokenSecretArn: { description: 'Secret holding the GitHub token the webhook secret rotation uses' },
      databaseSecretArn: { description: 'ARN of the application database credential (alternating users)' },
      databaseMasterSecretArn: { description: 'ARN of the RDS-managed master credential' },
      databaseEndpoint: { description: 'host:port of the PostgreSQL database' },
      databaseInstanceId: { description: 'RDS identifier of the PostgreSQL instance' },
      rotationFunctions: { description: 'Rotation functions with their log groups and dead-letter queues' },
      configParameterName: { description: 'SecureString parameter with the non-secret application settings' },
      configParameterArn: { description: 'ARN of that parameter' },
    });
  }

  /**
   * The webhook signing secret, by where its value comes from (webhook.secretSource):
   * - generated, GitHub hook configured: rotates every secrets.rotationDays through rotate-github-webhook, which
   *   sets the new value on the hook first; that rotator runs outside the VPC (the isolated subnets have no way
   *   to api.github.com, by design) with exposure `internal`, and reads its token from its own secret.
   * - anything else: no automatic rotation (nobody could tell the sender the new value); operators set, show or
   *   rotate it with `npm run webhook-secret`, through a role only webhook.operatorPrincipals can assume.
   */
  private webhookSigningSecret(
    props: SecretsStackProps,
    shared: Omit<RotatedSecretProps, 'secretName' | 'description'>,
    secretPath: string,
  ): { signing: RotatedSecret; operatorRoleArn?: string; githubTokenSecretArn?: string } {
    const { accountId, region, webhook } = this.environment;
    const { keyArn } = props.security;
    const hook = webhook.scheme === 'github' && webhook.secretSource === 'generated' ? webhook.githubHook : undefined;
    const signingName = `${secretPath}/webhook-signing-secret`;
    // Built from the name (the role comes after the secrets it names); each secret policy waits for it below.
    const operatorRoleArn =
      webhook.operatorPrincipals.length > 0
        ? `${arnPrefix(region)}:iam::${accountId}:role/${this.namePrefix}-${WEBHOOK_SECRET_OPERATOR}`
        : undefined;
    const signingActions = [
      'secretsmanager:DescribeSecret',
      'secretsmanager:PutSecretValue',
      ...(webhook.secretSource === 'generated' ? ['secretsmanager:GetSecretValue'] : []),
      ...(hook === undefined ? [] : ['secretsmanager:RotateSecret']),
      // revoke-previous: takes AWSPREVIOUS (and a stale AWSPENDING) off, so a leaked old value stops verifying.
      // Moving labels gives the role nothing PutSecretValue does not: it can already make any value AWSCURRENT.
      'secretsmanager:UpdateSecretVersionStage',
    ];
    const tokenActions = ['secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue'];
    const operatorFor = (actions: string[]) =>
      operatorRoleArn === undefined ? {} : { operator: { roleArn: operatorRoleArn, actions } };

    let token: RotatedSecret | undefined;
    let signing: RotatedSecret;
    if (hook === undefined) {
      signing = new RotatedSecret(this, 'webhook-secret', {
        ...shared,
        secretName: signingName,
        description: `Signing secret the ${webhook.scheme} webhook sender and the webhook function share (${webhook.secretSource})`,
        rotationOffReason:
          webhook.secretSource === 'provider-issued'
            ? `the ${webhook.scheme} sender issues this value; an operator stores each new one with npm run webhook-secret (set), and the previous stays accepted for webhook.previousSecretGraceHours`
            : `no API tells this ${webhook.scheme} sender a new value; an operator rotates and pastes it with npm run webhook-secret (rotate, show), and the previous stays accepted for webhook.previousSecretGraceHours`,
        ...operatorFor(signingActions),
      });
    } else {
      token = new RotatedSecret(this, 'github-token', {
        ...shared,
        secretName: `${secretPath}/github-webhook-token`,
        description: `Fine-grained GitHub token with webhook write access to ${hook.target} (hook ${hook.hookId})`,
        rotationOffReason:
          'GitHub issues the token; rotate it in GitHub and store the new one with npm run webhook-secret (set-github-token)',
        ...operatorFor(tokenActions),
      });
      const tokenArn = token.secretArn;
      signing = new RotatedSecret(this, 'webhook-secret', {
        ...shared,
        vpc: undefined,
        secretName: signingName,
        description: 'Signing secret of the GitHub webhook; each rotation sets the new value on the hook first',
        rotationBundle: 'rotate-github-webhook',
        rotationFunctionName: WEBHOOK_ROTATION_FUNCTION,
        // Not at deploy time: the token secret is still empty then (set-github-token comes after the deploy).
        // Secrets Manager still runs testSecret on AWSCURRENT once, which returns early for a current version.
        rotateImmediately: false,
        rotationEnvironment: {
          GITHUB_HOOK_KIND: hook.kind,
          GITHUB_HOOK_TARGET: hook.target,
          GITHUB_HOOK_ID: String(hook.hookId),
          GITHUB_API_URL: hook.apiUrl,
          GITHUB_TOKEN_SECRET_ARN: tokenArn,
        },
        rotationReads: [{ secret: token.reference, label: 'GithubToken' }],
        ...operatorFor(signingActions),
      });
    }

    if (operatorRoleArn !== undefined) {
      const signingArn = signing.secretArn;
      const operatorRole = new BoundedRole(this, 'webhook-secret-operator', {
        name: `${this.namePrefix}-${WEBHOOK_SECRET_OPERATOR}`,
        description:
          'Sets, shows, rotates or revokes the webhook signing secret (npm run webhook-secret), and nothing else',
        assumedBy: { awsPrincipals: webhook.operatorPrincipals },
        humanTrust: webhook.operatorTrust,
        permissionsBoundaryArn: props.security.permissionsBoundaryArn,
        statements: [
          { Sid: 'ManageWebhookSigningSecret', Action: signingActions, Resource: signingArn },
          secretKeyUse('UseKeyForWebhookSigningSecret', keyArn, signingArn, region, [
            'kms:Decrypt',
            'kms:GenerateDataKey',
          ]),
          ...(token === undefined
            ? []
            : [
                { Sid: 'StoreGithubToken', Action: tokenActions, Resource: token.secretArn },
                secretKeyUse('UseKeyForGithubToken', keyArn, token.secretArn, region, ['kms:GenerateDataKey']),
              ]),
        ],
      });
      // A secret policy naming a role that does not exist yet is refused by Secrets Manager.
      for (const secret of [signing, token]) {
        if (secret !== undefined)
          secret.policy.resource.dependsOn = [
            ...(secret.policy.resource.dependsOn ?? []),
            dependable(operatorRole.role),
          ];
      }
    }
    return {
      signing,
      ...(operatorRoleArn === undefined ? {} : { operatorRoleArn }),
      ...(token === undefined ? {} : { githubTokenSecretArn: token.secretArn }),
    };
  }
}
