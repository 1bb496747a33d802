// Roles people assume (the webhook-secret operator, the API invoker) can require MFA and a source identity
// (webhook.operatorTrust, api.invokerTrust); the operator role requires a source identity by default.
import { TerraformStack, Testing } from 'cdktf';
import type { EnvironmentInput, ProjectInput } from '../../lib/config/validate';
import { BoundedRole } from '../../lib/constructs/bounded-role';
import { ConstructPropsError } from '../../lib/constructs/construct-error';
import { allFeatures } from '../fixtures';
import type { PolicyDocument } from '../support/iam-model';
import { decide } from '../support/iam-simulator';
import { policyOf, resourcesOf, type StackJson, synthFixtureOnce, synthProject } from '../support/synth';

interface TrustStatement {
  readonly Principal?: { readonly AWS?: unknown; readonly Service?: unknown };
  readonly Action: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Every role of the stacks whose trust names AWS principals (people or their roles), by role name. */
function assumableByPrincipals(stacks: Readonly<Record<string, StackJson>>): Map<string, TrustStatement[]> {
  const roles = new Map<string, TrustStatement[]>();
  for (const stack of Object.values(stacks)) {
    for (const role of Object.values(resourcesOf(stack, 'aws_iam_role'))) {
      const statements = (policyOf(role.assume_role_policy).Statement as unknown as TrustStatement[]).filter(
        (s) => s.Principal?.AWS !== undefined,
      );
      if (statements.length > 0) roles.set(String(role.name), statements);
    }
  }
  return roles;
}

const actionsOf = (s: TrustStatement) => [s.Action].flat();

describe('trust of roles people assume', () => {
  const roles = assumableByPrincipals(synthFixtureOnce(allFeatures).stacks);
  const operator = [...roles].find(([name]) => name.endsWith('-webhook-secret-operator'));

  it('lets every session that carries a source identity assume them (sts:SetSourceIdentity)', () => {
    expect(roles.size).toBeGreaterThan(1);
    for (const statements of roles.values()) {
      for (const statement of statements) expect(actionsOf(statement)).toContain('sts:SetSourceIdentity');
    }
  });

  it('requires a source identity, and not MFA, of the webhook-secret operator by default', () => {
    const [statement] = operator?.[1] ?? [];

    expect(statement?.Condition).toEqual({ StringLike: { 'sts:SourceIdentity': '*' } });
  });

  it('requires MFA and a source identity where the config says so, keeping the conditions already there', () => {
    // Arrange: every environment asks for both, for the operator and the invoker.
    const both = { requireMfa: true, requireSourceIdentity: true };
    const environments = Object.fromEntries(
      Object.entries(allFeatures.project.environments).map(([name, env]): [string, EnvironmentInput] => [
        name,
        { ...env, webhook: { ...env.webhook, operatorTrust: both }, api: { ...env.api, invokerTrust: both } },
      ]),
    );
    const project: ProjectInput = { ...allFeatures.project, environments };

    // Act
    const strict = assumableByPrincipals(synthProject(project).stacks);

    // Assert
    expect(strict.size).toBe(roles.size);
    for (const [name, statements] of strict) {
      for (const statement of statements) {
        expect(statement.Condition).toMatchObject({
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          StringLike: { 'sts:SourceIdentity': '*' },
        });
        // e.g. the invoker's ArnLike on the environment's own roles stays.
        const before = roles.get(name)?.[0]?.Condition ?? {};
        expect(statement.Condition).toMatchObject(
          Object.fromEntries(Object.entries(before).filter(([op]) => op !== 'StringLike')),
        );
      }
    }
  });

  it('refuses MFA or source-identity conditions on a role a service assumes, naming the construct', () => {
    const build = () =>
      new BoundedRole(new TerraformStack(Testing.app(), 'trust'), 'service-role', {
        name: 'acme-dev-x',
        description: 'x',
        assumedBy: { service: 'lambda.amazonaws.com' },
        humanTrust: { requireMfa: true, requireSourceIdentity: false },
        permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/b',
      });

    expect(build).toThrow(ConstructPropsError);
    expect(build).toThrow(/service-role.*humanTrust applies to roles people assume/);
  });

  it('lets an operator principal assume the operator role only with a source identity (IAM simulator)', async () => {
    // Arrange: the synthesized trust policy, evaluated as the role's resource policy.
    const stack = Object.values(synthFixtureOnce(allFeatures).stacks).find((st) =>
      Object.values(resourcesOf(st, 'aws_iam_role')).some((r) => String(r.name).endsWith('-webhook-secret-operator')),
    );
    const role = Object.values(resourcesOf(stack, 'aws_iam_role')).find((r) =>
      String(r.name).endsWith('-webhook-secret-operator'),
    );
    const trust = policyOf(role?.assume_role_policy) as unknown as PolicyDocument;
    const operatorArn = [(trust.Statement[0] as unknown as TrustStatement).Principal?.AWS].flat()[0] as string;
    const accountId = operatorArn.split(':')[4] as string;
    const assume = (context: Record<string, string>) =>
      decide([], {
        principal: { arn: operatorArn, accountId, identityPolicies: [] },
        action: 'sts:AssumeRole',
        resource: `arn:aws:iam::${accountId}:role/${String(role?.name)}`,
        context,
        resourcePolicy: trust,
      });

    // Act
    const without = await assume({});
    const withIdentity = await assume({ 'sts:SourceIdentity': 'alice' });

    // Assert
    expect(without).not.toBe('Allowed');
    expect(withIdentity).toBe('Allowed');
  });
});
