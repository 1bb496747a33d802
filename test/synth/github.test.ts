// The github stack: the repository side of the pipeline trust, from the fixture configs.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { validateDelivery } from '../../lib/config/delivery';
import { githubSubject } from '../../lib/constructs/github-oidc';
import { buildGitHub } from '../../stacks/github-stack';
import { allFeatures, type Fixture, multiAccount, singleAccount } from '../fixtures';
import { onlyResource, resourcesOf, type StackJson } from '../support/synth';

function synthGitHub(fixture: Fixture): StackJson {
  const outdir = mkdtempSync(join(tmpdir(), 'github-'));
  const app = new App({ outdir });
  buildGitHub(app, fixture.project, fixture.delivery);
  app.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  return JSON.parse(readFileSync(join(outdir, manifest.stacks.github.synthesizedStackPath), 'utf8'));
}

const environmentsOf = (stack: StackJson) => Object.values(resourcesOf(stack, 'github_repository_environment'));
const branchPolicyOf = (stack: StackJson, env: string) =>
  Object.values(resourcesOf(stack, 'github_repository_environment_deployment_policy')).filter((p) =>
    String(p.environment).includes(`.environment-${env}.`),
  );

describe.each([singleAccount, multiAccount, allFeatures])('github stack ($name)', (fixture) => {
  const stack = synthGitHub(fixture);
  const { owner, repository } = fixture.delivery.github;
  const names = Object.keys(fixture.project.environments);

  it('works on the configured repository, with the token left to GITHUB_TOKEN at apply time', () => {
    expect(stack.provider?.github).toEqual([{ owner }]);
    expect(JSON.stringify(stack)).not.toMatch(/"token"/);
  });

  it('puts the environment and the ref in the OIDC subject, the claims the deploy roles match', () => {
    const template = onlyResource(stack, 'github_actions_repository_oidc_subject_claim_customization_template');

    expect(template).toMatchObject({ repository, use_default: false, include_claim_keys: ['repo', 'context', 'ref'] });
    expect(githubSubject(validateDelivery(fixture.delivery).github, { environment: 'x', branch: 'main' })).toMatch(
      /^repo:[^:]+:environment:x:ref:refs\/heads\/main$/,
    );
  });

  it('creates one GitHub environment per project environment, deployable only from its configured branch', () => {
    expect(
      environmentsOf(stack)
        .map((e) => e.environment)
        .sort(),
    ).toEqual([...names].sort());
    for (const env of names) {
      const environment = environmentsOf(stack).find((e) => e.environment === env);
      const branch = fixture.delivery.environments?.[env]?.branch ?? 'main';

      expect(environment?.deployment_branch_policy).toEqual({
        protected_branches: false,
        custom_branch_policies: true,
      });
      expect(environment?.can_admins_bypass).toBe(false);
      expect(branchPolicyOf(stack, env).map((p) => p.branch_pattern)).toEqual([branch]);
    }
  });

  it('requires the configured reviewers, looked up by login and team slug, on production environments', () => {
    for (const [env, input] of Object.entries(fixture.project.environments)) {
      const environment = environmentsOf(stack).find((e) => e.environment === env);
      const reviewers = fixture.delivery.environments?.[env]?.reviewers;
      const count = (reviewers?.users?.length ?? 0) + (reviewers?.teams?.length ?? 0);
      if (input.production) expect(count).toBeGreaterThan(0);

      expect(environment?.reviewers ? [environment.reviewers].flat() : []).toHaveLength(count > 0 ? 1 : 0);
    }
    const lookups = [
      ...Object.values(stack.data?.github_user ?? {}).map((u) => u.username),
      ...Object.values(stack.data?.github_team ?? {}).map((t) => t.slug),
    ];
    const configured = Object.values(fixture.delivery.environments ?? {}).flatMap((e) => [
      ...(e.reviewers?.users ?? []),
      ...(e.reviewers?.teams ?? []),
    ]);
    expect(lookups.sort()).toEqual(configured.sort());
  });
});

describe('github stack input', () => {
  it('refuses the sample repository', () => {
    const sample = {
      ...multiAccount,
      delivery: {
        ...multiAccount.delivery,
        github: { owner: 'acme', repository: 'secure-serverless-cdktf', subjectFormat: 'name' as const },
      },
    };

    expect(() => synthGitHub(sample)).toThrow(/still names the sample repository/);
  });
});
