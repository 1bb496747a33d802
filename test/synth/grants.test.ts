// Grants own both sides: a secret's grant writes the reader's statements and the secret policy's reader entry,
// across stacks, and synth refuses a role policy and a reader list that disagree, naming the role and the secret.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { BoundedRole } from '../../lib/constructs/bounded-role';
import { EncryptedParameter } from '../../lib/constructs/encrypted-parameter';
import { EnvironmentKey } from '../../lib/constructs/environment-key';
import { RotatedSecret } from '../../lib/constructs/rotated-secret';
import { referenceKey, SecretPolicy } from '../../lib/constructs/secret-policy';
import { policyOf, resourcesOf, type StackJson } from '../support/synth';

const ACCOUNT = '111111111111';
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/test`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/acme-dev-boundary`;
const key = EnvironmentKey.fromKeyArn(KEY_ARN, 'eu-west-1');
/** What every test secret here shares with the template's: account, key, boundary, schedule. */
const SECRET_BASICS = {
  description: 'test',
  namePrefix: 'acme-dev',
  accountId: ACCOUNT,
  region: 'eu-west-1',
  kmsKeyArn: KEY_ARN,
  permissionsBoundaryArn: BOUNDARY,
  logRetentionDays: 14,
  recoveryWindowDays: 7,
  rotationDays: 30,
} as const;

/** `acme-dev-secrets` with one secret (no rotation) and `acme-dev-app` with a role, as the template splits them. */
function twoStacks(operator?: { roleArn: string; actions: string[] }) {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'grants-')), skipValidation: false });
  const secrets = new TerraformStack(app, 'dev-secrets');
  new AwsProvider(secrets, 'aws', { region: 'eu-west-1' });
  const secret = new RotatedSecret(secrets, 'report-secret', {
    ...SECRET_BASICS,
    secretName: 'acme/dev/report-token',
    rotationOffReason: 'the report vendor issues the token; operators store each new one',
    vpc: undefined,
    ...(operator === undefined ? {} : { operator }),
  });
  const appStack = new TerraformStack(app, 'dev-app');
  new AwsProvider(appStack, 'aws', { region: 'eu-west-1' });
  const reader = new BoundedRole(appStack, 'report', {
    name: 'acme-dev-report',
    description: 'test',
    assumedBy: { service: 'lambda.amazonaws.com' },
    permissionsBoundaryArn: BOUNDARY,
    statements: [{ Sid: 'UploadTraces', Action: ['xray:PutTraceSegments'], Resource: '*' }],
  });
  return { app, secret, reader, appStack };
}

function synthStacks(app: App): Record<string, StackJson> {
  app.synth();
  const read = (id: string) =>
    JSON.parse(readFileSync(join(app.outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as StackJson;
  const manifest = JSON.parse(readFileSync(join(app.outdir, 'manifest.json'), 'utf8'));
  return { 'dev-secrets': read('dev-secrets'), 'dev-app': read('dev-app'), manifest };
}

const readersOf = (stack: StackJson | undefined) => {
  const [policy] = Object.values(resourcesOf(stack, 'aws_secretsmanager_secret_policy'));
  const deny = policyOf(policy?.policy).Statement.find((s) => s.Sid === 'OnlyConsumersAndRotationReadTheValue');
  return (deny?.Condition as { ArnNotLike?: Record<string, string[]> } | undefined)?.ArnNotLike?.['aws:PrincipalArn'];
};

describe('secret.grantRead across stacks', () => {
  it('adds the identity statements, lists the role in the secret policy of the other stack and returns both sides', () => {
    const { app, secret, reader } = twoStacks();
    // The app stack sees the secret through an ARN it got from the secrets stack, as SecretsOutputs hands it over.
    const reference = RotatedSecret.fromSecretArn(secret.secret.arn, key);

    const grant = reference.grantRead(reader, 'ReportToken');

    expect(grant.grantee).toBe(reader);
    expect(grant.principalStatements.map((s) => s.Sid)).toEqual(['ReadReportToken', 'DecryptReportToken']);
    expect(grant.resourcePrincipals).toEqual([`arn:aws:iam::${ACCOUNT}:role/acme-dev-report`]);
    const stacks = synthStacks(app);
    expect(readersOf(stacks['dev-secrets'])).toEqual([`arn:aws:iam::${ACCOUNT}:role/acme-dev-report`]);
    const [rolePolicy] = Object.values(resourcesOf(stacks['dev-app'], 'aws_iam_role_policy'));
    expect(policyOf(rolePolicy?.policy).Statement.find((s) => s.Sid === 'DecryptReportToken')).toMatchObject({
      Action: ['kms:Decrypt'],
      Resource: KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
    // The reader is named by an ARN built from its name: no reference from the secrets stack to the app stack.
    expect(stacks.manifest?.stacks).toMatchObject({ 'dev-secrets': { dependencies: [] } });
  });

  it('grants the same both sides from the secret construct itself', () => {
    const { app, secret, reader } = twoStacks();

    const grant = secret.grantRead(reader, 'ReportToken');

    expect(grant.resourcePrincipals).toEqual([`arn:aws:iam::${ACCOUNT}:role/acme-dev-report`]);
    expect(readersOf(synthStacks(app)['dev-secrets'])).toEqual(grant.resourcePrincipals);
  });

  it('denies every read when nothing was granted (no empty condition list)', () => {
    const { app } = twoStacks();

    const stacks = synthStacks(app);

    const [policy] = Object.values(resourcesOf(stacks['dev-secrets'], 'aws_secretsmanager_secret_policy'));
    expect(policyOf(policy?.policy).Statement[1]).toEqual({
      Sid: 'OnlyConsumersAndRotationReadTheValue',
      Effect: 'Deny',
      Principal: '*',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    });
  });

  it('writes only the identity side for a secret this app does not manage', () => {
    const { reader } = twoStacks();
    const elsewhere = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:shared/token-AbCdEf`;

    const grant = RotatedSecret.fromSecretArn(elsewhere, key).grantRead(reader, 'SharedToken');

    expect(grant.resourcePrincipals).toEqual([]);
    expect(grant.principalStatements[0]).toEqual({
      Sid: 'ReadSharedToken',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: elsewhere,
    });
  });

  it('finds the policy by the resource an ARN points at, however many times the ARN was read', () => {
    const { secret } = twoStacks();

    expect(secret.secret.arn).not.toBe(secret.secret.arn); // each read is a new token string
    expect(referenceKey(secret.secret.arn)).toBe(referenceKey(secret.secretArn));
    expect(SecretPolicy.of(secret, secret.secret.arn)).toBe(secret.policy);
  });

  it('refuses a second policy for the same secret, naming the first', () => {
    const { secret } = twoStacks();

    expect(
      () =>
        new SecretPolicy(secret, 'again', { secretArn: secret.secret.arn, accountId: ACCOUNT, region: 'eu-west-1' }),
    ).toThrow(
      /^dev-secrets\/report-secret\/again: the secret already has a resource policy \(dev-secrets\/report-secret\/policy\)/,
    );
  });
});

describe('the synth-time check that readers match grants', () => {
  it('fails synth, naming the role and the secret, when a hand-written statement bypasses the grant', () => {
    const { app, secret, reader } = twoStacks();
    reader.addToRolePolicy({
      Sid: 'ReadReportToken',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: secret.secret.arn,
    });

    expect(() => app.synth()).toThrow(
      /role acme-dev-report \(dev-app\/report, statement ReadReportToken\) may read secret acme\/dev\/report-token by its own policy, but the secret's resource policy \(dev-secrets\/report-secret\/policy\) does not list it/,
    );
  });

  it('counts wildcard actions and name patterns as reads of the secret', () => {
    const { app, reader } = twoStacks();
    reader.addToRolePolicy({
      Sid: 'ReadEveryReportSecret',
      Action: ['secretsmanager:Get*'],
      Resource: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:acme/dev/report-*`,
    });

    expect(() => app.synth()).toThrow(/role acme-dev-report .* may read secret acme\/dev\/report-token/);
  });

  it('ignores statements on other secrets, other actions and denials', () => {
    const { app, secret, reader } = twoStacks();
    reader.addToRolePolicy({
      Sid: 'OtherSecret',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:acme/dev/other-*`,
    });
    reader.addToRolePolicy({ Sid: 'Describe', Action: ['secretsmanager:DescribeSecret'], Resource: secret.secretArn });
    reader.addToRolePolicy({
      Sid: 'NeverRead',
      Effect: 'Deny',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: secret.secretArn,
    });

    expect(() => app.synth()).not.toThrow();
  });

  it('fails synth when the policy lists a reader no role policy lets read the secret', () => {
    const operatorArn = `arn:aws:iam::${ACCOUNT}:role/acme-dev-report-operator`;
    const { app } = twoStacks({ roleArn: operatorArn, actions: ['secretsmanager:GetSecretValue'] });

    expect(() => app.synth()).toThrow(
      /secret acme\/dev\/report-token lists role acme-dev-report-operator as a reader in its resource policy \(dev-secrets\/report-secret\/policy\), but no role named acme-dev-report-operator in this app may read it/,
    );
  });
});

describe('parameter.grantRead', () => {
  it('returns the identity side only: a parameter has no resource policy', () => {
    const { reader } = twoStacks();
    const arn = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/acme/dev/report`;

    const grant = EncryptedParameter.fromParameterArn(arn, key).grantRead(reader, 'ReportSettings');

    expect(grant.resourcePrincipals).toEqual([]);
    expect(grant.principalStatements[1]?.Condition).toEqual({
      StringEquals: {
        'kms:ViaService': 'ssm.eu-west-1.amazonaws.com',
        'kms:EncryptionContext:PARAMETER_ARN': arn,
      },
    });
  });

  it('writes the value through write-only arguments, so no refresh brings it into state', () => {
    const { app, appStack } = twoStacks();
    new EncryptedParameter(appStack, 'settings', {
      name: '/acme/dev/report',
      description: 'test',
      kmsKeyArn: KEY_ARN,
      region: 'eu-west-1',
      initialValue: '{"a":1}',
    });

    const parameter = Object.values(resourcesOf(synthStacks(app)['dev-app'], 'aws_ssm_parameter'))[0];

    expect(parameter).toMatchObject({ type: 'SecureString', value_wo: '{"a":1}', value_wo_version: 1 });
    expect(parameter).not.toHaveProperty('value');
    expect(parameter).not.toHaveProperty('lifecycle');
  });
});

describe('SecretPolicy and RotatedSecret refusals', () => {
  it('refuses a reader whose role name is a reference, naming the policy', () => {
    const { secret, reader } = twoStacks();

    expect(() => secret.policy.addReader(reader.role.name)).toThrow(
      /^dev-secrets\/report-secret\/policy: a reader role name must be known at synth/,
    );
  });

  it('keys a literal ARN or a string made of several references by the string itself', () => {
    const { secret } = twoStacks();
    const literal = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:x-AbCdEf`;
    const joined = `${secret.secret.arn}/${secret.secret.name}`;

    expect(referenceKey(literal)).toBe(literal);
    expect(referenceKey(joined)).toBe(joined);
  });

  it('keeps AWS services out of both denials of a policy with no reader yet (RDS manages its master secret)', () => {
    const { app, secret } = twoStacks();
    new SecretPolicy(secret, 'master', {
      secretArn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:rds!db-AbCdEf`,
      accountId: ACCOUNT,
      region: 'eu-west-1',
      exemptAwsServices: true,
    });

    const policies = Object.values(resourcesOf(synthStacks(app)['dev-secrets'], 'aws_secretsmanager_secret_policy'));

    const master = policies.find((p) => String(p.secret_arn).includes('rds!db'));
    expect(policyOf(master?.policy).Statement[1]?.Condition).toEqual({
      Bool: { 'aws:PrincipalIsAWSService': 'false' },
    });
  });

  it('refuses rotationReads on a secret without a rotation function', () => {
    const { secret } = twoStacks();

    expect(
      () =>
        new RotatedSecret(secret, 'reads-without-rotation', {
          ...SECRET_BASICS,
          secretName: 'acme/dev/other',
          rotationOffReason: 'the vendor issues it; operators store each new one',
          rotationReads: [{ secret: secret.reference, label: 'Report' }],
          vpc: undefined,
        }),
    ).toThrow(/reads-without-rotation: rotationReads needs a rotation function/);
  });
});
