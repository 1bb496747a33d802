// The construct API: grants add exactly the least-privilege statements, role policies take statements added
// after construction, props are range-checked with the construct path, and resources moved into the new
// constructs keep their Terraform addresses.
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { BoundedRole } from '../../lib/constructs/bounded-role';
import { BundledFunction, type BundledFunctionProps } from '../../lib/constructs/bundled-function';
import { ConstructInputError, ConstructPropsError, withConstructPath } from '../../lib/constructs/construct-error';
import { EncryptedParameter } from '../../lib/constructs/encrypted-parameter';
import { EncryptedQueue } from '../../lib/constructs/encrypted-queue';
import { EncryptedTable } from '../../lib/constructs/encrypted-table';
import { EnvironmentKey } from '../../lib/constructs/environment-key';
import type { IGrantable } from '../../lib/constructs/grants';
import { IsolatedVpc } from '../../lib/constructs/isolated-vpc';
import type { PolicyStatement } from '../../lib/constructs/policy-document';
import { PrivateApi } from '../../lib/constructs/private-api';
import { RotatedSecret } from '../../lib/constructs/rotated-secret';
import { FIXTURES } from '../fixtures';
import { policyOf, resourcesOf, synthFixtureOnce } from '../support/synth';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/test';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme/dev/x-AbCdEf';
const PARAMETER_ARN = 'arn:aws:ssm:eu-west-1:111111111111:parameter/acme/dev/app/config';
const key = EnvironmentKey.fromKeyArn(KEY_ARN, 'eu-west-1');

const functionProps: BundledFunctionProps = {
  bundle: 'webhook',
  namePrefix: 'acme-dev',
  description: 'test',
  accountId: '111111111111',
  region: 'eu-west-1',
  kmsKeyArn: KEY_ARN,
  permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/acme-dev-boundary',
  logRetentionDays: 14,
  reservedConcurrency: 1,
};

/** A principal that records what grants add (a fake at a boundary we own). */
class Recorder extends Construct implements IGrantable {
  readonly roleName = 'acme-dev-recorder';
  readonly statements: PolicyStatement[] = [];
  addToRolePolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }
}
const recorder = () => new Recorder(new TerraformStack(Testing.app(), 'test'), 'recorder');

/** A real role granted nothing yet, to read grants back from the synthesized policy. */
const grantee = (stack: TerraformStack) =>
  new BoundedRole(stack, 'grantee', {
    name: 'acme-dev-grantee',
    description: 'test',
    assumedBy: { awsPrincipals: ['arn:aws:iam::111111111111:role/caller'] },
    permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/acme-dev-boundary',
  });

type Json = { resource: Record<string, Record<string, Record<string, unknown>>> };
const synthOf = (stack: TerraformStack): Json => JSON.parse(Testing.synth(stack)) as Json;
const roleStatementsOf = (json: Json, roleName: string) => {
  const [roleKey] = Object.entries(json.resource.aws_iam_role ?? {}).find(([, r]) => r.name === roleName) ?? [];
  const policy = Object.values(json.resource.aws_iam_role_policy ?? {}).find(
    (p) => p.role === `\${aws_iam_role.${roleKey}.name}`,
  );
  return policyOf(policy?.policy).Statement;
};

describe('grants', () => {
  it('secret.grantRead allows GetSecretValue on the secret and Decrypt only through Secrets Manager for it', () => {
    const grantee = recorder();

    RotatedSecret.fromSecretArn(SECRET_ARN, key).grantRead(grantee, 'SigningSecret');

    expect(grantee.statements).toEqual([
      { Sid: 'ReadSigningSecret', Action: ['secretsmanager:GetSecretValue'], Resource: SECRET_ARN },
      {
        Sid: 'DecryptSigningSecret',
        Action: ['kms:Decrypt'],
        Resource: KEY_ARN,
        Condition: {
          StringEquals: {
            'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:SecretARN': SECRET_ARN,
          },
        },
      },
    ]);
  });

  it('parameter.grantRead allows GetParameter on the parameter and Decrypt only through SSM for it', () => {
    const grantee = recorder();

    EncryptedParameter.fromParameterArn(PARAMETER_ARN, key).grantRead(grantee, 'SettingsParameter');

    expect(grantee.statements).toEqual([
      { Sid: 'ReadSettingsParameter', Action: ['ssm:GetParameter'], Resource: PARAMETER_ARN },
      {
        Sid: 'DecryptSettingsParameter',
        Action: ['kms:Decrypt'],
        Resource: KEY_ARN,
        Condition: {
          StringEquals: {
            'kms:ViaService': 'ssm.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:PARAMETER_ARN': PARAMETER_ARN,
          },
        },
      },
    ]);
  });

  it('key.grant without a service or context allows the actions on the key alone, unconditioned', () => {
    const grantee = recorder();

    key.grant(grantee, { sid: 'Describe', actions: ['kms:DescribeKey'] });

    expect(grantee.statements).toEqual([{ Sid: 'Describe', Action: ['kms:DescribeKey'], Resource: KEY_ARN }]);
  });

  it('api.grantInvokeUrl allows the URL with AWS_IAM auth and the function only through its URL', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const api = new PrivateApi(stack, 'api', { ...functionProps, bundle: 'api' });
    const invoker = grantee(stack);

    api.grantInvokeUrl(invoker, 'Api');

    const functionArn = expect.stringMatching(/^\$\{aws_lambda_function\.api_function_\w+\.arn\}$/);
    expect(roleStatementsOf(synthOf(stack), 'acme-dev-grantee')).toEqual([
      {
        Sid: 'InvokeApiUrl',
        Effect: 'Allow',
        Action: ['lambda:InvokeFunctionUrl'],
        Resource: functionArn,
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
      },
      {
        Sid: 'InvokeApiOnlyThroughItsUrl',
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction'],
        Resource: functionArn,
        Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': true } },
      },
    ]);
  });

  it('queue.grantSendMessages allows SendMessage on the queue and the key only through SQS for that queue', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const fn = new BundledFunction(stack, 'fn', functionProps);
    const sender = grantee(stack);

    fn.deadLetterQueue.grantSendMessages(sender, 'Audit');

    const queueArn = expect.stringMatching(/^\$\{aws_sqs_queue\.fn_dlq_\w+\.arn\}$/);
    expect(roleStatementsOf(synthOf(stack), 'acme-dev-grantee')).toEqual([
      { Sid: 'SendToAuditQueue', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: queueArn },
      {
        Sid: 'EncryptAuditMessages',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: KEY_ARN,
        Condition: {
          StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' },
          ArnEquals: { 'kms:EncryptionContext:aws:sqs:arn': queueArn },
        },
      },
    ]);
  });
});

describe('queue and table grants', () => {
  it('queue.grantConsumeMessages allows what an event source mapping calls, and Decrypt only through SQS for it', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const queue = new EncryptedQueue(stack, 'q', { name: 'acme-dev-jobs', kmsKeyArn: KEY_ARN, region: 'eu-west-1' });
    const consumer = grantee(stack);

    const grant = queue.grantConsumeMessages(consumer, 'Jobs');

    const queueArn = expect.stringMatching(/^\$\{aws_sqs_queue\.q\w*\.arn\}$/);
    expect(roleStatementsOf(synthOf(stack), 'acme-dev-grantee')).toEqual([
      {
        Sid: 'ConsumeJobsQueue',
        Effect: 'Allow',
        Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
        Resource: queueArn,
      },
      {
        Sid: 'DecryptJobsMessages',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: KEY_ARN,
        Condition: {
          StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' },
          ArnEquals: { 'kms:EncryptionContext:aws:sqs:arn': queueArn },
        },
      },
    ]);
    expect(grant.grantee).toBe(consumer);
    expect(grant.principalStatements.map((statement) => statement.Sid)).toEqual([
      'ConsumeJobsQueue',
      'DecryptJobsMessages',
    ]);
    expect(grant.resourcePrincipals).toEqual([]);
  });

  it('table.grantReadWriteItems allows single-item calls on the table and the key only through DynamoDB for it', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const table = new EncryptedTable(stack, 't', { name: 'acme-dev-orders', kmsKeyArn: KEY_ARN, region: 'eu-west-1' });
    const writer = grantee(stack);

    const grant = table.grantReadWriteItems(writer, 'Orders');

    expect(roleStatementsOf(synthOf(stack), 'acme-dev-grantee')).toEqual([
      {
        Sid: 'ReadWriteOrdersItems',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Resource: expect.stringMatching(/^\$\{aws_dynamodb_table\.t\w*\.arn\}$/),
      },
      {
        Sid: 'UseOrdersTableKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: KEY_ARN,
        Condition: {
          StringEquals: {
            'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:aws:dynamodb:tableName': 'acme-dev-orders',
          },
        },
      },
      {
        Sid: 'DescribeOrdersTableKey',
        Effect: 'Allow',
        Action: ['kms:DescribeKey'],
        Resource: KEY_ARN,
        Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } },
      },
    ]);
    expect(grant.principalStatements.map((statement) => statement.Sid)).toEqual([
      'ReadWriteOrdersItems',
      'UseOrdersTableKey',
      'DescribeOrdersTableKey',
    ]);
  });

  it('EncryptedTable defaults to key id, no expiry and no protection, on demand with the given key', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new EncryptedTable(stack, 't', { name: 'acme-dev-orders', kmsKeyArn: KEY_ARN, region: 'eu-west-1' });

    const [table] = Object.values(synthOf(stack).resource.aws_dynamodb_table ?? {});

    expect(table).toMatchObject({
      hash_key: 'id',
      billing_mode: 'PAY_PER_REQUEST',
      server_side_encryption: { enabled: true, kms_key_arn: KEY_ARN },
      point_in_time_recovery: { enabled: false },
      deletion_protection_enabled: false,
    });
    expect(table?.ttl).toBeUndefined();
  });
});

describe('grants of the constructs that create the resource', () => {
  it('EnvironmentKey.grant and EncryptedParameter.grantRead name the resources they created', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const environmentKey = new EnvironmentKey(stack, 'key', {
      namePrefix: 'acme-dev',
      accountId: '111111111111',
      region: 'eu-west-1',
      deletionWindowDays: 7,
    });
    const settings = new EncryptedParameter(stack, 'settings', {
      name: '/acme/dev/app/config',
      description: 'test',
      kmsKeyArn: environmentKey.key.arn,
      region: 'eu-west-1',
      initialValue: '{}',
    });
    const reader = grantee(stack);

    environmentKey.grant(reader, { sid: 'DescribeKey', actions: ['kms:DescribeKey'] });
    settings.grantRead(reader, 'Settings');

    const keyArn = expect.stringMatching(/^\$\{aws_kms_key\.key_\w+\.arn\}$/);
    const parameterArn = expect.stringMatching(/^\$\{aws_ssm_parameter\.settings\.arn\}$/);
    expect(roleStatementsOf(synthOf(stack), 'acme-dev-grantee')).toEqual([
      { Sid: 'DescribeKey', Effect: 'Allow', Action: ['kms:DescribeKey'], Resource: keyArn },
      { Sid: 'ReadSettings', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: parameterArn },
      {
        Sid: 'DecryptSettings',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: keyArn,
        Condition: {
          StringEquals: {
            'kms:ViaService': 'ssm.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:PARAMETER_ARN': parameterArn,
          },
        },
      },
    ]);
  });
});

describe('BundledFunction', () => {
  it('puts statements added after construction into the synthesized role policy', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const fn = new BundledFunction(stack, 'fn', functionProps);

    RotatedSecret.fromSecretArn(SECRET_ARN, key).grantRead(fn, 'SigningSecret');

    const sids = roleStatementsOf(synthOf(stack), 'acme-dev-webhook').map((s) => s.Sid);
    expect(sids.slice(-2)).toEqual(['ReadSigningSecret', 'DecryptSigningSecret']);
  });

  it('refuses a second statement with the same Sid, naming the construct', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const fn = new BundledFunction(stack, 'fn', functionProps);

    expect(() => fn.addToRolePolicy({ Sid: 'UploadTraces', Action: ['s3:GetObject'], Resource: '*' })).toThrow(
      /^test\/fn\/role: the role policy already has a statement "UploadTraces"/,
    );
  });

  it('refuses a Sid IAM would reject, such as a grant label with a dash', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const fn = new BundledFunction(stack, 'fn', functionProps);

    expect(() => RotatedSecret.fromSecretArn(SECRET_ARN, key).grantRead(fn, 'signing-secret')).toThrow(
      /^test\/fn\/role: statement id "Readsigning-secret" is not allowed: IAM takes letters and digits only/,
    );
  });

  it.each([
    ['memorySize', { memorySize: 64 }, /test\/fn: memorySize 64 is out of range: use a whole number from 128 to 10240/],
    ['memorySize', { memorySize: 10_241 }, /memorySize 10241 is out of range/],
    ['memorySize', { memorySize: 256.5 }, /memorySize 256.5 is out of range/],
    ['timeout', { timeout: 0 }, /test\/fn: timeout 0 is out of range: use a whole number from 1 to 900/],
    ['timeout', { timeout: 901 }, /timeout 901 is out of range/],
    ['reservedConcurrency', { reservedConcurrency: -1 }, /reservedConcurrency -1 is out of range/],
  ])('rejects %s %o with the construct path and the allowed range', (_prop, patch, message) => {
    const build = () =>
      new BundledFunction(new TerraformStack(Testing.app(), 'test'), 'fn', { ...functionProps, ...patch });

    expect(build).toThrow(ConstructPropsError);
    expect(build).toThrow(message);
  });

  it('accepts the limits themselves', () => {
    const stack = new TerraformStack(Testing.app(), 'test');

    new BundledFunction(stack, 'small', { ...functionProps, functionName: 'small', memorySize: 128, timeout: 1 });
    new BundledFunction(stack, 'large', { ...functionProps, functionName: 'large', memorySize: 10_240, timeout: 900 });

    const functions = Object.values(synthOf(stack).resource.aws_lambda_function ?? {});
    expect(functions.map((f) => [f.function_name, f.memory_size, f.timeout])).toEqual(
      expect.arrayContaining([
        ['acme-dev-small', 128, 1],
        ['acme-dev-large', 10_240, 900],
      ]),
    );
  });

  it('names the construct when the bundle is missing', () => {
    const stack = new TerraformStack(Testing.app(), 'test');

    expect(() => new BundledFunction(stack, 'fn', { ...functionProps, bundle: 'no-such-function' })).toThrow(
      /^test\/fn: function bundle .*no-such-function\.zip is missing: run `npm run build:functions`/,
    );
  });
});

describe('BoundedRole', () => {
  it('fails synth, naming the construct, when nothing was granted to it', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new BoundedRole(stack, 'idle', {
      name: 'acme-dev-idle',
      description: 'test',
      assumedBy: { service: 'lambda.amazonaws.com' },
      permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/acme-dev-boundary',
    });

    expect(() => app.synth()).toThrow(/test\/idle: role acme-dev-idle has an empty policy/);
  });
});

describe.each(FIXTURES)('app stack of fixture $name', (fixture) => {
  const { stacks } = synthFixtureOnce(fixture);
  const apps = Object.keys(stacks).filter((id) => id.endsWith('-app'));

  // Construct ids are public contract: the app stack's resources moved into PublicSignedWebhook and PrivateApi
  // and must keep the addresses they had before (listed from a synth of the previous code), or the next deploy
  // replaces them (new URLs for every sender).
  it('keeps the Terraform addresses the resources had before the endpoint constructs', () => {
    for (const id of apps) {
      const addresses = Object.entries(stacks[id]?.resource ?? {}).flatMap(([type, byName]) =>
        Object.keys(byName).map((name) => `${type}.${name}`),
      );
      expect(addresses).toEqual(
        expect.arrayContaining([
          'aws_cloudwatch_log_group.api_logs_group_84A01F9A',
          'aws_cloudwatch_log_group.webhook_logs_group_11A233C2',
          'aws_iam_role.api-invoker_role_94724441',
          'aws_iam_role.api_role_E8D414AF',
          'aws_iam_role.webhook_role_05334166',
          'aws_iam_role_policy.api-invoker_policy_0413892C',
          'aws_iam_role_policy.api_role_policy_F478DB22',
          'aws_iam_role_policy.webhook_role_policy_DC886793',
          'aws_lambda_function.api_function_AF620FF3',
          'aws_lambda_function.webhook_function_B4F86655',
          'aws_lambda_function_url.api-url',
          'aws_lambda_function_url.webhook-url',
          'aws_lambda_permission.webhook-invoke-via-url',
          'aws_lambda_permission.webhook-public-url',
          'aws_sqs_queue.api_dlq_5B758DB3',
          'aws_sqs_queue.webhook_dlq_A78DF442',
        ]),
      );
      expect(Object.keys(resourcesOf(stacks[id], 'aws_lambda_function_url'))).toHaveLength(2);
    }
  });
});

describe('IsolatedVpc', () => {
  it('names the construct when the subnets do not fit in the CIDR', () => {
    const stack = new TerraformStack(Testing.app(), 'test');

    expect(() => new IsolatedVpc(stack, 'vpc', { namePrefix: 'acme-dev', cidr: '10.0.0.0/28', azCount: 2 })).toThrow(
      /^test\/vpc: 2 subnets of \/28 do not fit in 10\.0\.0\.0\/28; use a larger CIDR or fewer AZs$/,
    );
  });
});

describe('withConstructPath', () => {
  it('turns a library function refusing its input into the construct error with the construct path', () => {
    const stack = new TerraformStack(Testing.app(), 'test');

    const build = () =>
      withConstructPath(stack, () => {
        throw new ConstructInputError('the value is refused: use another');
      });

    expect(build).toThrow(ConstructPropsError);
    expect(build).toThrow(/^test: the value is refused: use another$/);
  });

  it('lets any other error through unchanged', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const bug = new TypeError('not an input problem');

    expect(() =>
      withConstructPath(stack, () => {
        throw bug;
      }),
    ).toThrow(bug);
  });
});
