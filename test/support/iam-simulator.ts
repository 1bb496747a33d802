// Evaluates one request the way AWS would, with @cloud-copilot/iam-simulate: the principal's identity policies and
// permissions boundary, and the resource's policy (key policy, secret policy) when the app defines one.
import {
  createValidatedPolicy,
  type ValidatedPolicy,
  validateIdentityPolicy,
  validateResourcePolicy,
} from '@cloud-copilot/iam-policy';
import { runSimulation, type Simulation, type WildcardSimulationResourceResult } from '@cloud-copilot/iam-simulate';
import type { EnvironmentModel, PolicyDocument } from './iam-model';

/** Someone making a request: an app role, or a principal the test defines (an administrator, another account). */
export interface SimulatedPrincipal {
  readonly arn: string;
  readonly accountId: string;
  readonly identityPolicies: readonly { readonly name: string; readonly policy: PolicyDocument }[];
  readonly boundary?: PolicyDocument;
}

export interface AccessRequest {
  readonly principal: SimulatedPrincipal;
  readonly action: string;
  readonly resource: string;
  /** Request context beyond the principal keys (kms:ViaService, kms:EncryptionContext:..., lambda:...). */
  readonly context?: Readonly<Record<string, string>>;
  /** The resource's policy when it is not one of the environments' (a pipeline role's trust policy). */
  readonly resourcePolicy?: PolicyDocument;
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** The resource policy AWS would evaluate for `resource`: a key, secret or role trust policy of any environment. */
export function resourcePolicyOf(
  environments: readonly EnvironmentModel[],
  resource: string,
): PolicyDocument | undefined {
  for (const env of environments) {
    if (env.key.arn === resource) return env.key.policy;
    const secret = Object.values(env.secrets).find((s) => s.arn === resource);
    if (secret) return secret.policy;
    const role = Object.values(env.roles).find((r) => r.arn === resource);
    if (role) return role.trustPolicy;
  }
  return undefined;
}

/**
 * iam-simulate 0.1.173 drops request context keys of the form `kms:EncryptionContext:<key>` (it recognises variable
 * keys only after a `/`, as in aws:PrincipalTag/<key>), so every condition on the encryption context would fail to
 * match. The simulation therefore renames that key, in the policies and in the request alike, to the global
 * `aws:RequestTag/kms-encryption-context/<key>`: the same string comparison under a name the simulator keeps.
 */
const ENCRYPTION_CONTEXT_KEY = /^kms:EncryptionContext:(.+)$/i;

function renameKey(key: string): string {
  const match = ENCRYPTION_CONTEXT_KEY.exec(key);
  return match ? `aws:RequestTag/kms-encryption-context/${match[1]}` : key;
}

/** A policy with its encryption-context condition keys renamed (see ENCRYPTION_CONTEXT_KEY). */
function forSimulation(policy: PolicyDocument): PolicyDocument {
  return {
    ...policy,
    Statement: policy.Statement.map((statement) => {
      const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
      if (!condition) return statement;
      return {
        ...statement,
        Condition: Object.fromEntries(
          Object.entries(condition).map(([operator, entries]) => [
            operator,
            Object.fromEntries(Object.entries(entries).map(([key, value]) => [renameKey(key), value])),
          ]),
        ),
      };
    }),
  };
}

/** The simulator's validation of each kind of policy it is given. */
const VALIDATORS = { identity: validateIdentityPolicy, resource: validateResourcePolicy } as const;
const validated = {
  identity: new WeakMap<PolicyDocument, ValidatedPolicy>(),
  resource: new WeakMap<PolicyDocument, ValidatedPolicy>(),
};

/**
 * `policy` renamed for the simulation (forSimulation) and validated, once per policy object: the simulator takes a
 * validated policy as it is, and a role's policies are evaluated in thousands of requests. The models' policies are
 * never changed once built, so one validation holds for every request.
 */
function validatedPolicy(policy: PolicyDocument, kind: keyof typeof VALIDATORS): ValidatedPolicy {
  let ready = validated[kind].get(policy);
  if (!ready) {
    ready = createValidatedPolicy(forSimulation(policy), VALIDATORS[kind]);
    validated[kind].set(policy, ready);
  }
  return ready;
}

/** True for calls that add or remove tags (`kms:TagResource`, `iam:UntagRole`, `ec2:CreateTags`...). */
export function changesTags(action: string): boolean {
  const name = action.split(':')[1] ?? '';
  return /^(Tag|Untag)/.test(name) || /^(Create|Delete)Tags$/.test(name);
}

/**
 * A request on the literal resource `*` matches only statements whose Resource is `*`: the simulator evaluates each
 * resource pattern the policies name, and only the `*` pattern's result is the request's (none: nothing allows it).
 */
function wildcardDecision(results: readonly WildcardSimulationResourceResult[]): Decision {
  const own = results.find((r) => r.resourcePattern === '*');
  return own ? (own.analysis.result as Decision) : 'ImplicitlyDenied';
}

/** The decision AWS would make for one request; a simulation that does not validate (typo, wrong key) fails. */
export async function decide(environments: readonly EnvironmentModel[], request: AccessRequest): Promise<Decision> {
  const { principal, action, resource } = request;
  const accountId = resource.split(':')[4] || principal.accountId;
  const resourcePolicy = request.resourcePolicy ?? resourcePolicyOf(environments, resource);
  // A request that changes tags is judged on the tags the resource carries before it and the ones it asks for: the
  // case gives both (aws:ResourceTag/..., aws:RequestTag/...), so the model's tags, which such an attack would
  // replace, are never injected for it.
  const keyTags = changesTags(action) ? {} : (environments.find((env) => env.key.arn === resource)?.key.tags ?? {});
  const context: Record<string, string> = {
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': principal.accountId,
    ...(action.startsWith('kms:') ? { 'kms:CallerAccount': principal.accountId } : {}),
    // The tags of an environment key: the environment boundary names the key by them.
    ...Object.fromEntries(Object.entries(keyTags).map(([tag, value]) => [`aws:ResourceTag/${tag}`, value])),
    ...request.context,
  };
  const simulation: Simulation = {
    request: {
      principal: principal.arn,
      action,
      resource: { resource, accountId },
      contextVariables: Object.fromEntries(Object.entries(context).map(([key, value]) => [renameKey(key), value])),
    },
    identityPolicies: principal.identityPolicies.map(({ name, policy }) => ({
      name,
      policy: validatedPolicy(policy, 'identity'),
    })),
    permissionBoundaryPolicies: principal.boundary
      ? [{ name: 'boundary', policy: validatedPolicy(principal.boundary, 'identity') }]
      : undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy && validatedPolicy(resourcePolicy, 'resource'),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') {
    throw new Error(`invalid simulation of ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  }
  // A call on no particular resource (the kms:TagResource KMS checks inside CreateKey) is judged by the statements
  // that cover every resource of the action.
  if (result.resultType === 'wildcard' && resource === '*') return wildcardDecision(result.results);
  if (result.resultType !== 'single')
    throw new Error(`expected one resource, got a wildcard simulation for ${resource}`);
  const ignored = result.result.ignoredContextKeys ?? [];
  if (ignored.length > 0)
    throw new Error(`context keys ${ignored.join(', ')} do not apply to ${action} on ${resource}`);
  return result.overallResult;
}
