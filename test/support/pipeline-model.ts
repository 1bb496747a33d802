// The pipeline side of the IAM model: each account's bootstrap stack (see synthWithBootstrap) resolved to concrete
// ARNs, with the deploy and plan roles as principals the IAM simulator can evaluate.
import { ConcreteApp, type EnvironmentModel, environmentModel, type PolicyDocument } from './iam-model';
import type { SimulatedPrincipal } from './iam-simulator';
import type { StackJson, SynthResult } from './synth';

/** A role GitHub Actions assumes: the deploy role of one environment, or the account's plan role. */
export interface PipelineRole extends SimulatedPrincipal {
  readonly name: string;
  readonly kind: 'deploy' | 'plan';
  /** The deploy role's environment; undefined for the plan role. */
  readonly environment: string | undefined;
  readonly trustPolicy: PolicyDocument;
  /** ARN of its permissions boundary (a policy of the same bootstrap stack). */
  readonly boundaryArn: string;
}

/** One account's pipeline: what its bootstrap stack creates, and the environments deployed into it. */
export interface AccountPipeline {
  readonly accountId: string;
  readonly region: string;
  readonly project: string;
  readonly stateBucketArn: string;
  readonly stateKeyArn: string;
  /** The state key's key policy (KMS evaluates it with the caller's IAM policies). */
  readonly stateKeyPolicy: PolicyDocument;
  /** The state key's tags (the provider's default tags of the bootstrap stack). */
  readonly stateKeyTags: Readonly<Record<string, string>>;
  readonly oidcProviderArn: string;
  /** Every managed policy of the bootstrap stack: the environment boundaries and the pipeline roles' boundaries. */
  readonly policyArns: readonly string[];
  readonly roles: readonly PipelineRole[];
  /** The environments of this account. */
  readonly environments: readonly EnvironmentModel[];
}

type Resources = Record<string, Record<string, unknown>>;
const resourcesOf = (stack: StackJson, type: string) => (stack.resource?.[type] ?? {}) as Resources;

function defaultTagsOf(stack: StackJson): Record<string, string> {
  const provider = stack.provider?.aws?.[0] as { default_tags?: { tags?: Record<string, string> }[] } | undefined;
  return { ...(provider?.default_tags?.[0]?.tags ?? {}) };
}

function only(stack: StackJson, type: string, stackId: string): string {
  const names = Object.keys(resourcesOf(stack, type));
  if (names.length !== 1) throw new Error(`${stackId}: expected one ${type}, found ${names.length}`);
  return names[0] as string;
}

/** The pipeline of every account of a synthesized app that includes its bootstrap stacks. */
export function pipelineModels(synth: SynthResult, environmentNames: readonly string[]): AccountPipeline[] {
  const app = new ConcreteApp(synth);
  const environments = environmentNames.map((name) => environmentModel(synth, name));
  const stackIds = Object.keys(synth.stacks).filter((id) => id.startsWith('bootstrap-'));
  if (stackIds.length === 0) throw new Error('no bootstrap stack in the synthesized app: use synthWithBootstrap');
  return stackIds.map((stackId) => {
    const stack = app.stack(stackId);
    const { accountId, region } = app.placement(stackId);
    const policies = Object.fromEntries(
      Object.entries(resourcesOf(stack, 'aws_iam_policy')).map(([name, attributes]) => [
        app.resolve(`\${aws_iam_policy.${name}.arn}`, stackId),
        app.policy(attributes.policy, stackId),
      ]),
    );
    const inline = Object.values(resourcesOf(stack, 'aws_iam_role_policy'));
    const attachments = Object.values(resourcesOf(stack, 'aws_iam_role_policy_attachment'));
    const tags = defaultTagsOf(stack);
    const project = tags.Project ?? '';
    const roles = Object.entries(resourcesOf(stack, 'aws_iam_role')).map(([name, attributes]): PipelineRole => {
      const roleName = app.resolveValue(attributes.name, stackId);
      const boundaryArn = app.resolveValue(attributes.permissions_boundary, stackId);
      const boundary = policies[boundaryArn];
      if (!boundary) throw new Error(`${stackId}: role ${roleName} has no boundary of its own stack`);
      const deploy = roleName.endsWith('-deploy');
      return {
        name: roleName,
        arn: app.resolve(`\${aws_iam_role.${name}.arn}`, stackId),
        accountId,
        kind: deploy ? 'deploy' : 'plan',
        environment: deploy ? roleName.slice(project.length + 1, -'-deploy'.length) : undefined,
        identityPolicies: [
          ...inline
            .filter((p) => app.resolveValue(p.role, stackId) === roleName)
            .map((p) => ({ name: app.resolveValue(p.name, stackId), policy: app.policy(p.policy, stackId) })),
          ...attachments
            .filter((a) => app.resolveValue(a.role, stackId) === roleName)
            .map((a) => {
              const arn = app.resolveValue(a.policy_arn, stackId);
              const policy = policies[arn];
              if (!policy) throw new Error(`${stackId}: role ${roleName} has ${arn} attached, which the stack lacks`);
              return { name: arn, policy };
            }),
        ],
        boundary,
        boundaryArn,
        trustPolicy: app.policy(attributes.assume_role_policy, stackId),
      };
    });
    return {
      accountId,
      region,
      project,
      stateBucketArn: app.resolve(`\${aws_s3_bucket.${only(stack, 'aws_s3_bucket', stackId)}.arn}`, stackId),
      stateKeyArn: app.resolve(`\${aws_kms_key.${only(stack, 'aws_kms_key', stackId)}.arn}`, stackId),
      stateKeyPolicy: app.policy(
        resourcesOf(stack, 'aws_kms_key')[only(stack, 'aws_kms_key', stackId)]?.policy,
        stackId,
      ),
      stateKeyTags: tags,
      oidcProviderArn: app.resolve(
        `\${aws_iam_openid_connect_provider.${only(stack, 'aws_iam_openid_connect_provider', stackId)}.arn}`,
        stackId,
      ),
      policyArns: Object.keys(policies),
      roles,
      environments: environments.filter((env) => env.accountId === accountId),
    };
  });
}
