// IAM's size limits, checked at synth: a policy over its limit synthesizes fine and fails only at apply
// (`LimitExceeded`), after the bootstrap has half-applied. IAM counts a policy's characters without whitespace, with
// every reference resolved, so a `${aws_kms_key.state_key.arn}` token (about 40 characters) counts here at the
// length of the longest ARN it can become.

/** IAM's limits, in characters without whitespace (IAM and STS quotas). */
export const IAM_POLICY_LIMITS = {
  /** A customer managed policy, which is also what a permissions boundary is. */
  managed: 6_144,
  /** All inline policies of one role together. */
  inlinePerRole: 10_240,
} as const;

/** Managed policies one role can have attached (IAM's default quota). */
export const MANAGED_POLICIES_PER_ROLE = 10;

/** Share of its limit past which synth stops: the rest is headroom for what this count cannot foresee. */
export const POLICY_SIZE_STOP = 0.9;

/**
 * Longest plausible length of what a reference resolves to, by resource type and attribute. ARNs are counted in the
 * longest partition (`aws-us-gov`) and region (`ap-southeast-2`), with 12-digit accounts: a KMS key ARN is
 * `arn:aws-us-gov:kms:ap-southeast-2:<account>:key/<36-character id>` (87), a bucket ARN `arn:aws-us-gov:s3:::`
 * and 63 characters (83), a policy ARN holds a 128-character name under /delivery/.
 */
const RESOLVED_LENGTHS: Readonly<Record<string, number>> = {
  'aws_kms_key.arn': 87,
  'aws_kms_key.key_id': 36,
  'aws_s3_bucket.arn': 83,
  'aws_s3_bucket.bucket': 63,
  'aws_s3_bucket.id': 63,
  'aws_iam_policy.arn': 185,
  'aws_iam_role.arn': 120,
  'aws_iam_openid_connect_provider.arn': 90,
};

/** A reference nothing above describes: IAM's longest ARN-bearing field is 2,048, but names stop far shorter. */
const UNKNOWN_REFERENCE_LENGTH = 256;

/** The length `token` (`${type.name.attribute}`) counts for once resolved. */
export function resolvedLength(token: string): number {
  const [type = '', , attribute = ''] = token.slice(2, -1).split('.');
  return RESOLVED_LENGTHS[`${type}.${attribute}`] ?? UNKNOWN_REFERENCE_LENGTH;
}

/**
 * The characters IAM counts for `document`: no whitespace, each `${...}` reference at its longest resolved length.
 * `references` gives the length of references written as cdktf tokens (`state.key.arn` while the stack is being
 * built), which say nothing of what they point to; a token it lacks counts as UNKNOWN_REFERENCE_LENGTH.
 */
export function policySize(document: string, references: Readonly<Record<string, number>> = {}): number {
  let size = 0;
  let rest = document.replace(/\s/g, '');
  for (const [token, length] of Object.entries(references)) {
    const parts = rest.split(token);
    size += (parts.length - 1) * length;
    rest = parts.join('');
  }
  for (const token of rest.match(/\$\{[^}]*\}/g) ?? []) size += resolvedLength(token);
  rest = rest.replace(/\$\{[^}]*\}/g, '');
  return size + rest.length;
}

/** Longest resolved length of a reference to `attribute` of a resource of `type` (see RESOLVED_LENGTHS). */
export function referenceLength(type: string, attribute: string): number {
  return RESOLVED_LENGTHS[`${type}.${attribute}`] ?? UNKNOWN_REFERENCE_LENGTH;
}

/** One synthesized pipeline policy and its size as IAM will count it. */
export interface PolicySize {
  /** Policy name, e.g. `acme-dev-deploy-boundary`, or `<role>/<inline name>` for an inline policy. */
  readonly name: string;
  /** Characters IAM counts (see policySize). */
  readonly size: number;
  /** The limit that applies to it (IAM_POLICY_LIMITS, or MANAGED_POLICIES_PER_ROLE for a count). */
  readonly limit: number;
  /** What size and limit count. @default 'characters' */
  readonly unit?: 'characters' | 'managed policies';
  /** The file whose code writes the policy's statements, relative to the project root. */
  readonly source: string;
}

/** Thrown at synth when a policy passes POLICY_SIZE_STOP of its limit: applying it would fail with LimitExceeded. */
export class PolicySizeError extends Error {
  constructor(readonly policies: readonly PolicySize[]) {
    const lines = policies.map(
      (p) =>
        `  - ${p.name} is ${p.size.toLocaleString('en-US')} of ${p.limit.toLocaleString('en-US')} ${p.unit ?? 'characters'} (${Math.round((100 * p.size) / p.limit)} %), past ${Math.round(100 * POLICY_SIZE_STOP)} %: its statements come from ${p.source}; shorten them or move some to another policy`,
    );
    super(
      `pipeline policies too close to IAM's size limits (counted without whitespace, references resolved):\n${lines.join('\n')}`,
    );
    this.name = 'PolicySizeError';
  }
}

/** Throws PolicySizeError for every policy of `sizes` past POLICY_SIZE_STOP of its limit. */
export function assertPolicySizes(sizes: readonly PolicySize[]): void {
  const over = sizes.filter((p) => p.size > POLICY_SIZE_STOP * p.limit);
  if (over.length > 0) throw new PolicySizeError(over);
}

/** One line for synth's output: how many pipeline policies, and the fullest one against its limit. */
export function policySizeSummary(sizes: readonly PolicySize[]): string {
  const policies = sizes.filter((p) => (p.unit ?? 'characters') === 'characters');
  const share = (p: PolicySize) => p.size / p.limit;
  const fullest = [...policies].sort((a, b) => share(b) - share(a))[0];
  if (!fullest) return 'pipeline policies: none';
  return `pipeline policies: ${policies.length}, the fullest ${fullest.name} at ${fullest.size.toLocaleString('en-US')} of ${fullest.limit.toLocaleString('en-US')} characters (${Math.round(100 * share(fullest))} %, synth stops past ${Math.round(100 * POLICY_SIZE_STOP)} %)`;
}
