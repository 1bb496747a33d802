import { SAMPLE_REPOSITORY } from '../../lib/config/delivery';
import type { EnvironmentInput, ProjectInput } from '../../lib/config/validate';
import { ConfigError, validateProject } from '../../lib/config/validate';
import {
  bootstrapPreflight,
  ciBackendProblem,
  diffMarkdown,
  environmentOfStack,
  environmentStackIds,
  type Manifest,
  pipelineMatrix,
  planSummary,
  requireEnvironment,
  StackOrderError,
} from '../../ops/env-stacks-lib';

/** A manifest as cdktf writes it: stacks keyed alphabetically, each with the stacks it depends on. */
const MANIFEST: Manifest = {
  stacks: {
    bootstrap: { dependencies: [] },
    'dev-app': { dependencies: ['dev-security', 'dev-secrets', 'dev-network'] },
    'dev-eu-app': { dependencies: ['dev-eu-security'] },
    'dev-eu-security': { dependencies: [] },
    'dev-network': { dependencies: ['dev-security'] },
    'dev-secrets': { dependencies: ['dev-security', 'dev-network'] },
    'dev-security': { dependencies: [] },
    'prod-network': { dependencies: ['prod-security'] },
    'prod-security': { dependencies: [] },
  },
};
const NAMES = ['dev', 'dev-eu', 'prod'];

const environment = (accountId: string, extra: Partial<EnvironmentInput> = {}): EnvironmentInput => ({
  accountId,
  region: 'eu-west-1',
  cidr: '10.10.0.0/16',
  ...extra,
});
const project = (environments: Record<string, EnvironmentInput>): ProjectInput => ({ name: 'acme', environments });
const DELIVERY = { github: { owner: 'acme', repository: 'infra', subjectFormat: 'name' as const } };

describe('environmentStackIds', () => {
  it('puts every stack after the stacks it depends on', () => {
    // Act
    const order = environmentStackIds(MANIFEST, 'dev', NAMES);

    // Assert
    expect(order).toEqual(['dev-security', 'dev-network', 'dev-secrets', 'dev-app']);
  });

  it("leaves out the bootstrap stack and other environments' stacks, even one whose name extends this one", () => {
    expect(environmentStackIds(MANIFEST, 'dev-eu', NAMES)).toEqual(['dev-eu-security', 'dev-eu-app']);
    expect(environmentStackIds(MANIFEST, 'prod', NAMES)).toEqual(['prod-security', 'prod-network']);
  });

  it('refuses a stack that depends on another environment', () => {
    const manifest = { stacks: { ...MANIFEST.stacks, 'prod-app': { dependencies: ['dev-security'] } } };

    expect(() => environmentStackIds(manifest, 'prod', NAMES)).toThrow(
      new StackOrderError(
        'stack prod-app depends on dev-security, outside environment "prod": an environment must deploy on its own',
      ),
    );
  });

  it('refuses stacks that depend on each other in a cycle', () => {
    const manifest = {
      stacks: { 'qa-a': { dependencies: ['qa-b'] }, 'qa-b': { dependencies: ['qa-a'] }, 'qa-c': { dependencies: [] } },
    };

    expect(() => environmentStackIds(manifest, 'qa', ['qa'])).toThrow(
      'stacks qa-a, qa-b depend on each other in a cycle',
    );
  });

  it('says so when the manifest has no stack of the environment', () => {
    expect(() => environmentStackIds(MANIFEST, 'qa', [...NAMES, 'qa'])).toThrow(/no stack of environment "qa"/);
  });
});

describe('environmentOfStack', () => {
  it('picks the longest environment name that prefixes the stack id', () => {
    expect(environmentOfStack('dev-eu-network', NAMES)).toBe('dev-eu');
    expect(environmentOfStack('dev-network', NAMES)).toBe('dev');
    expect(environmentOfStack('bootstrap', NAMES)).toBeUndefined();
  });
});

describe('requireEnvironment', () => {
  it('names the known environments when the name is unknown', () => {
    const config = validateProject(project({ dev: environment('111111111111') }));

    expect(() => requireEnvironment(config, 'qa')).toThrow(ConfigError);
    expect(() => requireEnvironment(config, 'qa')).toThrow(/unknown environment "qa" \(known: dev\)/);
  });
});

describe('pipelineMatrix', () => {
  const config = validateProject(
    project({
      prod: environment('333333333333', {
        production: true,
        stateBucket: 'acme-state-prod',
        alarms: { emails: ['oncall@acme.example'] },
      }),
      dev: environment('111111111111', { stateBucket: 'acme-state-dev' }),
      qa: environment('111111111111', { stateBucket: 'acme-state-dev', region: 'eu-west-1', cidr: '10.11.0.0/16' }),
      sandbox: environment('444444444444'),
    }),
  );

  it('deploys production environments last, whatever their place in the config', () => {
    const { include } = pipelineMatrix(config, DELIVERY);

    expect(include.map((e) => [e.name, e.order])).toEqual([
      ['dev', 1],
      ['qa', 2],
      ['prod', 3],
    ]);
  });

  it("gives each environment its account's deploy and plan roles, which the bootstrap stack creates", () => {
    const prod = pipelineMatrix(config, DELIVERY).include.find((e) => e.name === 'prod');

    expect(prod).toEqual({
      name: 'prod',
      region: 'eu-west-1',
      production: true,
      deployRoleArn: 'arn:aws:iam::333333333333:role/delivery/acme-prod-deploy',
      planRoleArn: 'arn:aws:iam::333333333333:role/delivery/acme-plan',
      order: 3,
    });
  });

  it('leaves out an environment without a state bucket, saying what to do', () => {
    const { skipped } = pipelineMatrix(config, DELIVERY);

    expect(skipped).toEqual([
      {
        name: 'sandbox',
        reason: 'no stateBucket: run `npm run bootstrap -- sandbox`, then set stateBucket in config/environments.ts',
      },
    ]);
  });

  it('deploys nothing while delivery is not configured', () => {
    const { include, skipped } = pipelineMatrix(config, undefined);

    expect(include).toEqual([]);
    expect(skipped).toHaveLength(4);
  });

  it('deploys nothing, saying why, while delivery still names the sample repository', () => {
    const sample = { github: { ...SAMPLE_REPOSITORY } };

    const { include, skipped } = pipelineMatrix(config, sample);

    expect(include).toEqual([]);
    expect(skipped.map((s) => s.name).sort()).toEqual(config.environments.map((e) => e.name).sort());
    for (const { reason } of skipped) expect(reason).toMatch(/still names the sample repository/);
  });
});

describe('ciBackendProblem', () => {
  it('accepts a stack with S3 state', () => {
    expect(ciBackendProblem('dev-app', { terraform: { backend: { s3: {} } } })).toBeUndefined();
  });

  it('refuses local state, explicit or by default, which a CI job would throw away', () => {
    expect(ciBackendProblem('dev-app', { terraform: { backend: { local: {} } } })).toMatch(
      /^stack dev-app keeps its state in a local backend/,
    );
    expect(ciBackendProblem('dev-app', {})).toMatch(/local backend/);
  });
});

describe('planSummary', () => {
  it('reads the counts of a Terraform plan, colours and all', () => {
    const output = 'dev-app  \u001b[1mPlan:\u001b[0m 3 to add, 1 to change, 0 to destroy.\n';

    expect(planSummary({ stack: 'dev-app', ok: true, output })).toBe('3 to add, 1 to change, 0 to destroy');
  });

  it('says "no changes" when there are none, and points to the log when the diff failed', () => {
    expect(planSummary({ stack: 's', ok: true, output: 'No changes. Your infrastructure matches.' })).toBe(
      'no changes',
    );
    expect(planSummary({ stack: 's', ok: false, output: 'Plan: 1 to add, 0 to change, 0 to destroy' })).toBe(
      'failed: see the job log',
    );
  });
});

describe('diffMarkdown', () => {
  it('lists every stack with its summary, then its output in a collapsed block', () => {
    const markdown = diffMarkdown('dev', [
      { stack: 'dev-security', ok: true, output: 'No changes.' },
      { stack: 'dev-network', ok: false, output: 'Error: boom' },
    ]);

    expect(markdown).toContain('| `dev-security` | no changes |');
    expect(markdown).toContain('| `dev-network` | failed: see the job log |');
    expect(markdown).toContain('<details><summary>dev-network</summary>\n\n```\nError: boom\n```');
  });

  it('keeps a code fence in the output from closing the block early, and drops terminal control codes', () => {
    const markdown = diffMarkdown('dev', [
      { stack: 'dev-app', ok: true, output: '\u001b[2K\u001b[1A⠹  Processing\n```\n<img src=x>\nNo changes.' },
    ]);

    expect(markdown.match(/```/g)).toHaveLength(2);
    expect(markdown).not.toContain('\u001b');
    expect(markdown).not.toContain('Processing');
  });

  it('keeps the end of a long output, where Terraform prints the plan summary and errors', () => {
    const output = `${'x'.repeat(20_000)}\nPlan: 1 to add, 0 to change, 0 to destroy.`;

    const markdown = diffMarkdown('dev', [{ stack: 'dev-app', ok: true, output }]);

    expect(markdown).toContain('(first 8043 characters cut)');
    expect(markdown).toContain('Plan: 1 to add, 0 to change, 0 to destroy.\n```');
  });
});

describe('bootstrapPreflight', () => {
  const delivery = { github: { owner: 'example-org', repository: 'infra', subjectFormat: 'name' as const } };

  it('lets the bootstrap start with delivery settings and a token', () => {
    expect(bootstrapPreflight(delivery, { GITHUB_TOKEN: 'github_pat_x' })).toBeUndefined();
  });

  it('stops with one line when GITHUB_TOKEN is missing or blank, saying which scopes it needs', () => {
    for (const env of [{}, { GITHUB_TOKEN: ' ' }]) {
      const problem = bootstrapPreflight(delivery, env);

      expect(problem).toMatch(/^GITHUB_TOKEN is not set: .*Administration and Actions read and write/);
      expect(problem).not.toContain('\n');
    }
  });

  it('stops on the sample repository before asking for a token', () => {
    const sample = { github: { ...delivery.github, owner: 'acme', repository: 'secure-serverless-cdktf' } };

    expect(bootstrapPreflight(sample, {})).toMatch(/still names the sample repository acme\/secure-serverless-cdktf/);
  });

  it('stops when delivery is not configured', () => {
    expect(bootstrapPreflight(undefined, { GITHUB_TOKEN: 'x' })).toMatch(/^deliveryConfig is undefined/);
  });
});
