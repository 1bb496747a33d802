import { isExpression, statementLabel } from '../policy';
import { compliant, defineRule, nonCompliant, unresolved } from '../rule';

/**
 * Actions AWS does not let a policy scope to a resource, so `Resource: "*"` is the only way to grant them.
 * Each entry says why it is here; add to it only for the same reason.
 */
export const ACTIONS_WITHOUT_RESOURCE_SCOPE: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'X-Ray trace upload has no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray telemetry upload has no resource-level permissions',
  'xray:GetSamplingRules': 'X-Ray sampling has no resource-level permissions',
  'xray:GetSamplingTargets': 'X-Ray sampling has no resource-level permissions',
  'ec2:CreateNetworkInterface': 'VPC Lambda ENI management (as AWSLambdaVPCAccessExecutionRole grants it)',
  'ec2:DescribeNetworkInterfaces': 'VPC Lambda ENI management; Describe calls have no resource-level permissions',
  'ec2:DescribeSubnets': 'VPC Lambda ENI management; Describe calls have no resource-level permissions',
  'ec2:DeleteNetworkInterface': 'VPC Lambda ENI management (as AWSLambdaVPCAccessExecutionRole grants it)',
  'ec2:AssignPrivateIpAddresses': 'VPC Lambda ENI management (as AWSLambdaVPCAccessExecutionRole grants it)',
  'ec2:UnassignPrivateIpAddresses': 'VPC Lambda ENI management (as AWSLambdaVPCAccessExecutionRole grants it)',
  'secretsmanager:GetRandomPassword': 'generates a password; acts on no resource',
  'sts:GetCallerIdentity': 'returns the caller; acts on no resource',
};

/** Resource types whose policies are identity policies (for a resource policy, `*` means the resource itself). */
const IDENTITY_POLICY_TYPES = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
  'aws_iam_role',
];

/** `*`, or an ARN pattern whose service is `*` (arn:aws:*:*:*:*). */
function coversEveryResource(resource: string): boolean {
  return resource === '*' || (resource.startsWith('arn:') && resource.split(':')[2] === '*');
}

/**
 * Describe and List calls return metadata, never contents (unlike Get: GetSecretValue, GetObject, GetParameter), and
 * many of them have no resource-level permissions, so `*` is allowed for them; writes and reads of data are not.
 */
function isMetadataRead(action: string): boolean {
  return /^[\w-]+:(Describe|List)/i.test(action);
}

function mayUseEveryResource(action: string): boolean {
  return (
    isMetadataRead(action) ||
    Object.keys(ACTIONS_WITHOUT_RESOURCE_SCOPE).some((known) => known.toLowerCase() === action.toLowerCase())
  );
}

/** Identity policies name the resources they act on; `*` only for Describe/List and actions AWS cannot scope. */
export const IamNoWildcardResources = defineRule({
  id: 'IamNoWildcardResources',
  severity: 'error',
  resourceTypes: IDENTITY_POLICY_TYPES,
  enforces:
    'identity policies use Resource "*" only for Describe/List calls and the listed actions without resource-level permissions',
  fix: 'name the resource ARNs (Terraform references are fine), or move an action with no resource-level permissions to its own statement',
  check(resource) {
    // A role's trust policy is a resource policy on the role; only its inline policies are identity policies.
    const policies = resource
      .policies()
      .policies.filter((policy) => resource.type !== 'aws_iam_role' || policy.attribute.startsWith('inline_policy'));
    const problems = policies.flatMap(({ attribute, statements }) =>
      statements.flatMap((statement, index) => {
        if (statement.effect !== 'Allow') return [];
        const everyResource = statement.notResources !== undefined || statement.resources.some(coversEveryResource);
        if (!everyResource) return [];
        const scopable = statement.notActions
          ? ['(NotAction)']
          : statement.actions.filter((a) => !isExpression(a) && !mayUseEveryResource(a));
        if (scopable.length === 0) return [];
        return [`${attribute} ${statementLabel(statement, index)} allows ${scopable.join(', ')} on every resource`];
      }),
    );
    // A Resource given as a reference names one resource's attribute, never "*"; an action given as an expression
    // could be one that must not run on every resource.
    const [undecided] = policies.flatMap(({ attribute, statements }) =>
      statements.flatMap((statement, index) =>
        statement.effect === 'Allow' &&
        (statement.notResources !== undefined || statement.resources.some(coversEveryResource)) &&
        statement.actions.some(isExpression)
          ? [{ where: `${attribute} ${statementLabel(statement, index)} Action`, value: statement.actions }]
          : [],
      ),
    );
    if (problems.length === 0 && undecided) return unresolved(undecided.where, undecided.value);
    if (problems.length === 0) return compliant;
    return nonCompliant(
      problems.join('; '),
      'set Resource to the ARNs the role really uses (e.g. the secret or queue ARN); only Describe/List calls and the actions in ACTIONS_WITHOUT_RESOURCE_SCOPE may keep "*"',
    );
  },
});
