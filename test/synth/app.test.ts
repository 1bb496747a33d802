// The whole app on the fixture configs: stacks per environment, account pinning, tags, cross-stack wiring and
// state backends. One scrubbed summary snapshot per stack kind, from the all-features fixture, for review diffs.
import { join } from 'node:path';
import { allFeatures, FIXTURES, multiAccount, singleAccount } from '../fixtures';
import {
  configWith,
  fixtureEnvironments,
  policyOf,
  resourcesOf,
  type StackJson,
  synthFixtureOnce,
  synthProject,
} from '../support/synth';

const projectRoot = join(__dirname, '../..');
const LAYERS = ['security', 'network', 'secrets', 'app', 'monitoring'];

/** The attribute that names a resource for a person, by what the type calls it. */
const NAME_ATTRIBUTES = ['function_name', 'name', 'identifier', 'alarm_name', 'rule', 'statement_id', 'cidr_block'];

/**
 * What a reviewer reads of a stack: each resource as `<type> <name>` (machine paths, hashes and references
 * scrubbed), and each role's inline policy as its statement ids. Small enough to read in a diff; the behaviour
 * itself is asserted by the other tests.
 */
function summary(stack: StackJson | undefined): { resources: string[]; rolePolicies: Record<string, string[]> } {
  const scrub = (value: unknown) => String(value).replaceAll(projectRoot, '<project>');
  const resources = Object.entries(stack?.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, resource]) => {
      const attribute = NAME_ATTRIBUTES.find(
        (a) =>
          (typeof resource[a] === 'string' && !String(resource[a]).includes('${')) || typeof resource[a] === 'number',
      );
      return `${type} ${attribute ? scrub(resource[attribute]) : name}`;
    }),
  );
  const roles = resourcesOf(stack, 'aws_iam_role');
  const rolePolicies = Object.fromEntries(
    Object.values(resourcesOf(stack, 'aws_iam_role_policy')).map((policy) => {
      const roleKey = /^\$\{aws_iam_role\.([\w-]+)\.name\}$/.exec(String(policy.role))?.[1] ?? '';
      return [String(roles[roleKey]?.name ?? policy.role), policyOf(policy.policy).Statement.map((s) => String(s.Sid))];
    }),
  );
  return { resources: resources.sort(), rolePolicies };
}

describe.each(FIXTURES)('the synthesized $name app', (fixture) => {
  const full = synthFixtureOnce(fixture);
  const names = Object.keys(fixture.project.environments);

  it('creates the five stacks of every environment, each after the one it depends on', () => {
    expect(Object.keys(full.stacks).sort()).toEqual(names.flatMap((env) => LAYERS.map((l) => `${env}-${l}`)).sort());
    for (const env of names) {
      expect(full.manifest.stacks[`${env}-network`]?.dependencies).toEqual([`${env}-security`]);
    }
  });

  it.each(names)('pins %s stacks to their account and region and tags every resource', (env) => {
    const input = fixture.project.environments[env];
    for (const layer of LAYERS) {
      expect(full.stacks[`${env}-${layer}`]?.provider?.aws?.[0]).toMatchObject({
        region: input?.region,
        allowed_account_ids: [input?.accountId],
        default_tags: [
          { tags: { Project: fixture.project.name, Environment: env, Stack: `${env}-${layer}`, ManagedBy: 'cdktf' } },
        ],
      });
    }
  });
});

describe('cross-stack wiring and state', () => {
  const { stacks } = synthFixtureOnce(singleAccount);

  it('wires network to the security outputs through cross-stack references', () => {
    const remote =
      stacks['sandbox-network']?.data?.terraform_remote_state?.['cross-stack-reference-input-sandbox-security'];
    expect(remote).toMatchObject({
      backend: 'local',
      config: { path: expect.stringContaining('terraform.sandbox-security.tfstate') },
    });
    const exported = Object.entries(stacks['sandbox-security']?.output ?? {}).filter(([name]) =>
      name.startsWith('cross-stack-output-'),
    );
    // The boundary ARN is fixed (the bootstrap stack owns the policy), so only the key crosses stacks.
    expect(exported.map(([, o]) => o.value).sort()).toEqual(['${aws_kms_key.key_F64E54E4.arn}']);
  });

  it('keeps state locally when no bucket is configured', () => {
    expect(stacks['sandbox-security']?.terraform?.backend).toEqual({
      local: { path: expect.stringContaining('terraform.sandbox-security.tfstate') },
    });
  });

  it('keeps state in S3 with encryption, a per-stack key and native locking when a bucket is configured', () => {
    const input = configWith(multiAccount.project, 'uat', { stateBucket: 'multi-terraform-state' });

    const { stacks: configured } = synthProject(input, ['uat']);

    expect(configured['uat-network']?.terraform?.backend).toEqual({
      s3: {
        bucket: 'multi-terraform-state',
        key: 'multi/uat-network.tfstate',
        region: 'eu-central-1',
        encrypt: true,
        kms_key_id: 'arn:aws:kms:eu-central-1:321098765432:alias/multi-tfstate',
        use_lockfile: true,
      },
    });
    expect(
      configured['uat-network']?.data?.terraform_remote_state?.['cross-stack-reference-input-uat-security'],
    ).toMatchObject({
      backend: 's3',
      config: { bucket: 'multi-terraform-state', key: 'multi/uat-security.tfstate', encrypt: true },
    });
  });

  it('synthesizes an environment added with one config entry', () => {
    const input = {
      ...singleAccount.project,
      environments: {
        ...singleAccount.project.environments,
        qa: { accountId: '444444444444', region: 'us-east-2', cidr: '10.41.0.0/16' },
      },
    };

    const { stacks: added } = synthProject(input, ['qa']);

    expect(Object.keys(added).sort()).toEqual(LAYERS.map((l) => `qa-${l}`).sort());
  });
});

describe('the reviewed summary', () => {
  const { stacks } = synthFixtureOnce(allFeatures);
  // One environment with every feature on: production, database, listed invokers, S3 state, a non-default scheme.
  const [environment] = fixtureEnvironments([allFeatures]).filter((e) => e.input.production);

  it.each(LAYERS)('of the %s stack matches', (layer) => {
    expect(summary(stacks[`${environment?.env}-${layer}`])).toMatchSnapshot();
  });
});
