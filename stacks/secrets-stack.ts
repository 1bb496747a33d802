import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import type { Construct } from 'constructs';
import { ConstructPropsError } from './constructs/construct-error';
import { EncryptedLogGroup } from './constructs/encrypted-log-group';
import { EncryptedParameter } from './constructs/encrypted-parameter';
import { RotatedSecret, secretKeyUse } from './constructs/rotated-secret';
import { EnvironmentStack, type EnvironmentStackProps, publishOutputs } from './environment-stack';
import { functionBasics, isolatedFunctionNetwork } from './function-defaults';
import { type NetworkOutputs, POSTGRES_PORT } from './network-stack';
import type { SecurityOutputs } from './security-stack';

/** Names of the functions (and their roles) that consume the secrets; the app stack creates them. */
export const CONSUMER_FUNCTIONS = { webhook: 'webhook', api: 'api' } as const;

/** Props of the secrets stack. */
export interface SecretsStackProps extends EnvironmentStackProps {
  readonly security: SecurityOutputs;
  readonly network: NetworkOutputs;
}

/** What the secrets stack hands to the app stack. */
export interface SecretsOutputs {
  /** ARN of the webhook signing secret (rotated with a random value). */
  readonly webhookSecretArn: string;
  /** ARN of the application database credential (alternating users); unset without a database. */
  readonly databaseSecretArn?: string;
  /** ARN of the RDS-managed master credential; unset without a database. */
  readonly databaseMasterSecretArn?: string;
  /** `host:port` of the database; unset without a database. */
  readonly databaseEndpoint?: string;
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
    const { region, secrets, database, logRetentionDays, production, webhook } = this.environment;
    const { keyArn } = props.security;
    const secretPath = `${this.project}/${this.environment.name}`;
    const shared = {
      ...functionBasics(this, props.security),
      recoveryWindowDays: secrets.recoveryWindowDays,
      rotationDays: secrets.rotationDays,
      vpc: isolatedFunctionNetwork(props.network),
    };

    const webhookSecret = new RotatedSecret(this, 'webhook-secret', {
      ...shared,
      secretName: `${secretPath}/webhook-signing-secret`,
      description: `Signing secret the ${webhook.scheme} webhook sender and the webhook function share`,
      rotationBundle: 'rotate-random-secret',
      rotationFunctionName: 'rotate-webhook-secret',
      rotationEnvironment: { SECRET_VALUE_FORMAT: webhook.scheme === 'standard-webhooks' ? 'whsec' : 'text' },
      readerRoleNames: [`${this.namePrefix}-${CONSUMER_FUNCTIONS.webhook}`],
    });

    const settings = new EncryptedParameter(this, 'app-config', {
      name: `/${secretPath}/app/config`,
      description: 'Non-secret application settings, encrypted with the environment key',
      kmsKeyArn: keyArn,
      region,
      initialValue: JSON.stringify({ greeting: `hello from ${this.environment.name}` }),
    });
    const parameter = settings.parameter;

    let databaseOutputs: Pick<SecretsOutputs, 'databaseSecretArn' | 'databaseMasterSecretArn' | 'databaseEndpoint'> =
      {};
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
        rotationStatements: [
          { Sid: 'ReadMasterSecret', Action: ['secretsmanager:GetSecretValue'], Resource: masterSecretArn },
          secretKeyUse('UseKeyForMasterSecret', keyArn, masterSecretArn, region, ['kms:Decrypt']),
        ],
        readerRoleNames: [`${this.namePrefix}-${CONSUMER_FUNCTIONS.api}`],
      });
      appCredential.node.addDependency(instance);
      databaseOutputs = {
        databaseSecretArn: appCredential.secret.arn,
        databaseMasterSecretArn: masterSecretArn,
        databaseEndpoint: instance.endpoint,
      };
    }

    this.outputs = {
      webhookSecretArn: webhookSecret.secret.arn,
      configParameterName: parameter.name,
      configParameterArn: parameter.arn,
      ...databaseOutputs,
    };
    publishOutputs(this, this.outputs, {
      webhookSecretArn: { description: 'ARN of the webhook signing secret' },
      databaseSecretArn: { description: 'ARN of the application database credential (alternating users)' },
      databaseMasterSecretArn: { description: 'ARN of the RDS-managed master credential' },
      databaseEndpoint: { description: 'host:port of the PostgreSQL database' },
      configParameterName: { description: 'SecureString parameter with the non-secret application settings' },
      configParameterArn: { description: 'ARN of that parameter' },
    });
  }
}
