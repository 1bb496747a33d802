import { TerraformStack, Testing } from 'cdktf';
import { BundledFunction } from '../../lib/constructs/bundled-function';
import { policyOf } from '../support/synth';

/** Synthesizes one BundledFunction of the webhook bundle and returns its role's statements. */
function roleStatements(decryptsEncryptedEnvironment: boolean) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new BundledFunction(stack, 'fn', {
    bundle: 'webhook',
    namePrefix: 'acme-dev',
    description: 'test',
    accountId: '111111111111',
    region: 'eu-west-1',
    kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/test',
    permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/acme-dev-boundary',
    logRetentionDays: 14,
    reservedConcurrency: 1,
    statements: [],
    decryptsEncryptedEnvironment,
  });
  const json = JSON.parse(Testing.synth(stack)) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  const [policy] = Object.values(json.resource.aws_iam_role_policy ?? {});
  return policyOf(policy?.policy).Statement;
}

describe('BundledFunction', () => {
  it('lets a function decrypt values encrypted for it, only with its own function name as context', () => {
    const statement = roleStatements(true).find((s) => s.Sid === 'DecryptValuesEncryptedForThisFunction');

    expect(statement).toEqual({
      Sid: 'DecryptValuesEncryptedForThisFunction',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: 'arn:aws:kms:eu-west-1:111111111111:key/test',
      Condition: { StringEquals: { 'kms:EncryptionContext:LambdaFunctionName': 'acme-dev-webhook' } },
    });
  });

  it('grants no direct decrypt unless asked to', () => {
    const direct = roleStatements(false).filter(
      (s) => [s.Action].flat().includes('kms:Decrypt') && !JSON.stringify(s.Condition ?? {}).includes('kms:ViaService'),
    );

    expect(direct).toEqual([]);
  });
});
