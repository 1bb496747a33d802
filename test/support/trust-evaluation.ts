// Whether a role's trust policy lets a GitHub Actions token in: the IAM condition operators the pipeline roles use
// (StringEquals, StringLike), evaluated on the token's claims as STS does for sts:AssumeRoleWithWebIdentity.
import type { PolicyDocument } from './iam-model';

const HOST = 'token.actions.githubusercontent.com';

/** IAM's StringLike: `*` matches any run of characters, `?` any one character; everything else literally. */
function like(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

function matches(operator: string, expected: unknown, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const values = [expected].flat() as string[];
  if (operator === 'StringEquals') return values.includes(actual);
  if (operator === 'StringLike') return values.some((pattern) => like(pattern, actual));
  throw new Error(`the trust evaluation does not know the operator ${operator}`);
}

/** True when some Allow statement for `providerArn` admits a token with these `aud` and `sub` claims. */
export function federatedTrustAllows(
  trust: PolicyDocument,
  providerArn: string,
  claims: { readonly aud: string; readonly sub: string },
): boolean {
  const context: Record<string, string> = { [`${HOST}:aud`]: claims.aud, [`${HOST}:sub`]: claims.sub };
  return trust.Statement.some((statement) => {
    const principal = statement.Principal as { Federated?: string } | undefined;
    if ((statement.Effect ?? 'Allow') !== 'Allow' || statement.Action !== 'sts:AssumeRoleWithWebIdentity') return false;
    if (principal?.Federated !== providerArn) return false;
    const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
    return Object.entries(condition).every(([operator, entries]) =>
      Object.entries(entries).every(([key, expected]) => matches(operator, expected, context[key])),
    );
  });
}
