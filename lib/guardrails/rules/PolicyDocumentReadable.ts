import { compliant, defineRule, nonCompliant } from '../rule';

/** Policies are literal JSON in the synthesized config, so the guardrails (and reviewers) can read them. */
export const PolicyDocumentReadable = defineRule({
  id: 'PolicyDocumentReadable',
  severity: 'error',
  resourceTypes: ['*'],
  enforces: 'every policy is a literal document the guardrails can check',
  fix: 'render the policy with policyDocument([...]) from lib/constructs/policy-document instead of jsonencode(), a data source or file()',
  check(resource) {
    const { unreadable } = resource.policies();
    if (unreadable.length === 0) return compliant;
    return nonCompliant(
      `${unreadable.join(', ')} is not a literal JSON policy document, so no guardrail can check it`,
      'build it with policyDocument([...statements]) (Terraform references inside its strings are fine)',
    );
  },
});
