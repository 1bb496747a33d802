import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformVariable } from 'cdktf';
import { environmentKeyPolicy } from '../../../../lib/constructs/environment-key';
import { policyDocument } from '../../../../lib/constructs/policy-document';
import { KmsKeyPolicyScoped } from '../../../../lib/guardrails/rules/KmsKeyPolicyScoped';
import { ACCOUNT, checkRule, doc, nonCompliantWith, outcomeOf, REGION, unresolvedWith } from '../fixture';

const root = `arn:aws:iam::${ACCOUNT}:root`;

describe('KmsKeyPolicyScoped', () => {
  it('accepts the environment key policy (administration for root, use only through services or context)', () => {
    const policy = policyDocument(environmentKeyPolicy({ namePrefix: 'acme-dev', accountId: ACCOUNT, region: REGION }));

    const outcomes = checkRule(KmsKeyPolicyScoped, (stack) => new KmsKey(stack, 'key', { policy }));

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual({ status: 'compliant' });
  });

  it('rejects a key without a policy, which falls back to the default kms:* for the account root', () => {
    const outcomes = checkRule(KmsKeyPolicyScoped, (stack) => new KmsKey(stack, 'key', {}));

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual(nonCompliantWith(/default policy/));
  });

  it('rejects kms:* even for the account root', () => {
    const policy = doc({
      Sid: 'Everything',
      Effect: 'Allow',
      Principal: { AWS: root },
      Action: 'kms:*',
      Resource: '*',
    });

    const outcomes = checkRule(KmsKeyPolicyScoped, (stack) => new KmsKey(stack, 'key', { policy }));

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual(nonCompliantWith(/"Everything" grants kms:\*/));
  });

  it('rejects Decrypt for a wildcard principal, even with a condition', () => {
    const policy = doc({
      Sid: 'AnyoneDecrypts',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } },
    });

    const outcomes = checkRule(KmsKeyPolicyScoped, (stack) => new KmsKey(stack, 'key', { policy }));

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual(nonCompliantWith(/any principal \(\*\) use kms:Decrypt/));
  });

  it('rejects Decrypt for the account root without a condition', () => {
    const policy = doc({ Sid: 'RootDecrypts', Principal: { AWS: root }, Action: 'kms:Decrypt', Resource: '*' });

    const outcomes = checkRule(KmsKeyPolicyScoped, (stack) => new KmsKey(stack, 'key', { policy }));

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual(nonCompliantWith(/account root without a condition/));
  });

  it('cannot decide a policy from a data source, which could grant kms:*', () => {
    const outcomes = checkRule(KmsKeyPolicyScoped, (stack) => {
      const document = new DataAwsIamPolicyDocument(stack, 'd', {
        statement: [{ actions: ['kms:*'], resources: ['*'] }],
      });
      new KmsKey(stack, 'key', { policy: document.json });
    });

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual(
      unresolvedWith(/^policy is "\$\{data\.aws_iam_policy_document\.d\.json\}"/),
    );
  });

  it('cannot decide an action given as a variable, which could be kms:*', () => {
    const outcomes = checkRule(KmsKeyPolicyScoped, (stack) => {
      const action = new TerraformVariable(stack, 'action', { type: 'string' });
      const policy = doc({
        Sid: 'Use',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: action.stringValue,
        Resource: '*',
      });
      new KmsKey(stack, 'key', { policy });
    });

    expect(outcomeOf(outcomes, 'aws_kms_key.key')).toEqual(
      unresolvedWith(/^policy statement "Use" is \["\$\{var\.action\}"\]/),
    );
  });
});
