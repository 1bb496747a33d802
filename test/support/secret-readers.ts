// Who may read each secret, read twice from the synthesized JSON of one environment: by the secret's resource policy
// (its reader list) and by the roles' own policies (Allow GetSecretValue on it). Tests hold the two to each other
// for whatever secrets and functions a config synthesizes.
import { parseCrossStackReference, parseResourceReference } from '../../lib/guardrails/references';
import { policyOf, resourcesOf, type StackJson } from './synth';

const READ = 'secretsmanager:GetSecretValue';
const EXACT_INTERPOLATION = /^\$\{([^}]+)\}$/;

/** `<stack>:<type>.<name>.<attribute>` for a reference (following cross-stack outputs), else the literal itself. */
export function resolveReference(stacks: Readonly<Record<string, StackJson>>, stackId: string, value: unknown): string {
  const text = String(value);
  const expression = EXACT_INTERPOLATION.exec(text)?.[1]?.trim();
  if (expression === undefined) return text;
  const cross = parseCrossStackReference(expression);
  if (cross) {
    const output = stacks[cross.originStack]?.output?.[cross.outputName];
    return output === undefined ? text : resolveReference(stacks, cross.originStack, output.value);
  }
  const resource = parseResourceReference(expression);
  return resource ? `${stackId}:${resource.type}.${resource.name}.${resource.attribute}` : text;
}

const covers = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`, 'i').test(action);

/** The stacks of one environment (`<env>-*`). */
export function environmentStacks(
  stacks: Readonly<Record<string, StackJson>>,
  env: string,
): Array<[string, StackJson]> {
  return Object.entries(stacks).filter(([id]) => id.startsWith(`${env}-`));
}

/** Role name of a role reference (`${aws_iam_role.x.name}` or `.arn`) in `stack`. */
function roleNameOf(stack: StackJson, reference: unknown): string | undefined {
  const expression = EXACT_INTERPOLATION.exec(String(reference))?.[1] ?? '';
  const parsed = parseResourceReference(expression);
  if (parsed?.type !== 'aws_iam_role') return undefined;
  return String(resourcesOf(stack, 'aws_iam_role')[parsed.name]?.name);
}

/** For each secret of the environment with a resource policy: the role names its reader list admits. */
export function readersByResourcePolicy(
  stacks: Readonly<Record<string, StackJson>>,
  env: string,
): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const [id, stack] of environmentStacks(stacks, env)) {
    for (const policy of Object.values(resourcesOf(stack, 'aws_secretsmanager_secret_policy'))) {
      const deny = policyOf(policy.policy).Statement.find(
        (s) => s.Effect === 'Deny' && s.Action === READ && s.Principal === '*',
      );
      const condition = deny?.Condition as { ArnNotLike?: Record<string, string[]> } | undefined;
      const arns = condition?.ArnNotLike?.['aws:PrincipalArn'] ?? [];
      readers.set(
        resolveReference(stacks, id, policy.secret_arn),
        arns.map((arn) => arn.slice(arn.lastIndexOf(':role/') + ':role/'.length)).sort(),
      );
    }
  }
  return readers;
}

/** For each secret some role's own policy lets read (by reference): the names of those roles. */
export function readersByRolePolicies(stacks: Readonly<Record<string, StackJson>>, env: string): Map<string, string[]> {
  const readers = new Map<string, Set<string>>();
  for (const [id, stack] of environmentStacks(stacks, env)) {
    for (const rolePolicy of Object.values(resourcesOf(stack, 'aws_iam_role_policy'))) {
      const role = roleNameOf(stack, rolePolicy.role);
      if (role === undefined) continue;
      for (const statement of policyOf(rolePolicy.policy).Statement) {
        if (statement.Effect === 'Deny') continue;
        if (![statement.Action].flat().some((action) => covers(String(action), READ))) continue;
        for (const resource of [statement.Resource].flat()) {
          const secret = resolveReference(stacks, id, resource);
          readers.set(secret, (readers.get(secret) ?? new Set()).add(role));
        }
      }
    }
  }
  return new Map([...readers].map(([secret, roles]) => [secret, [...roles].sort()]));
}

/** Every function of the environment, with its role name and the secret ARNs its environment variables carry. */
export function functionsWithSecretVariables(
  stacks: Readonly<Record<string, StackJson>>,
  env: string,
): Array<{ name: string; role: string; secrets: string[] }> {
  return environmentStacks(stacks, env).flatMap(([id, stack]) =>
    Object.values(resourcesOf(stack, 'aws_lambda_function')).map((fn) => {
      const variables = (fn.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {};
      return {
        name: String(fn.function_name),
        role: roleNameOf(stack, fn.role) ?? String(fn.role),
        secrets: Object.entries(variables)
          .filter(([name]) => name.endsWith('_SECRET_ARN'))
          .map(([, value]) => resolveReference(stacks, id, value)),
      };
    }),
  );
}
