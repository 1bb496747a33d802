import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Fn } from 'cdktf';
import { PolicyDocumentReadable } from '../../../../lib/guardrails/rules/PolicyDocumentReadable';
import { checkRule, doc, nonCompliantWith, outcomeOf } from '../fixture';

describe('PolicyDocumentReadable', () => {
  it('accepts a literal JSON policy with Terraform references inside', () => {
    const outcomes = checkRule(
      PolicyDocumentReadable,
      (stack) =>
        new IamPolicy(stack, 'p', {
          policy: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '${aws_sqs_queue.dlq.arn}' }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_policy.p')).toEqual({ status: 'compliant' });
  });

  it('rejects a policy from a data source, which no rule can read', () => {
    const outcomes = checkRule(PolicyDocumentReadable, (stack) => {
      const document = new DataAwsIamPolicyDocument(stack, 'd', {
        statement: [{ actions: ['sqs:SendMessage'], resources: ['*'] }],
      });
      new IamPolicy(stack, 'p', { policy: document.json });
    });

    expect(outcomeOf(outcomes, 'aws_iam_policy.p')).toEqual(nonCompliantWith(/^policy is not a literal JSON/));
  });

  it('rejects a policy rendered with jsonencode()', () => {
    const outcomes = checkRule(
      PolicyDocumentReadable,
      (stack) => new IamPolicy(stack, 'p', { policy: Fn.jsonencode({ Statement: [{ Action: '*' }] }) }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_policy.p')).toEqual(nonCompliantWith(/not a literal JSON/));
  });

  it('reports a policy given as a variable: its subject is values no rule can read', () => {
    const outcomes = checkRule(
      PolicyDocumentReadable,
      (stack) => new IamPolicy(stack, 'p', { policy: '${var.policy}' }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_policy.p')).toEqual(nonCompliantWith(/^policy is not a literal JSON/));
  });
});
