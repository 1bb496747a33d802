import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { isWildcardOnlyAction } from '@cloud-copilot/iam-simulate';
import { permissionsBoundaryStatements } from '../../../../lib/constructs/permissions-boundary';
import { policyDocument } from '../../../../lib/constructs/policy-document';
import {
  ACTIONS_WITHOUT_RESOURCE_SCOPE,
  IamNoWildcardResources,
} from '../../../../lib/guardrails/rules/IamNoWildcardResources';
import { ACCOUNT, checkRule, doc, nonCompliantWith, outcomeOf, REGION, unresolvedWith } from '../fixture';

describe('IamNoWildcardResources', () => {
  it('accepts the permissions boundary: "*" only for actions AWS cannot scope', () => {
    const statements = permissionsBoundaryStatements({
      namePrefix: 'acme-dev',
      project: 'acme',
      environmentName: 'dev',
      accountId: ACCOUNT,
      region: REGION,
      path: '/delivery/',
    });

    const outcomes = checkRule(
      IamNoWildcardResources,
      (stack) => new IamPolicy(stack, 'b', { policy: policyDocument(statements) }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_policy.b')).toEqual({ status: 'compliant' });
  });

  it('accepts Describe and List calls on every resource (metadata, often without resource-level permissions)', () => {
    const outcomes = checkRule(
      IamNoWildcardResources,
      (stack) =>
        new IamRolePolicy(stack, 'p', {
          role: 'r',
          policy: doc({
            Effect: 'Allow',
            Action: ['ec2:DescribeVpcs', 'kms:ListAliases', 'logs:Describe*'],
            Resource: '*',
          }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role_policy.p')).toEqual({ status: 'compliant' });
  });

  it('rejects a write action on every resource', () => {
    const outcomes = checkRule(
      IamNoWildcardResources,
      (stack) =>
        new IamRolePolicy(stack, 'p', {
          role: 'r',
          policy: doc({
            Sid: 'Send',
            Effect: 'Allow',
            Action: ['sqs:SendMessage', 'xray:PutTraceSegments'],
            Resource: '*',
          }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role_policy.p')).toEqual(
      nonCompliantWith(/statement "Send" allows sqs:SendMessage on every resource/),
    );
  });

  it('rejects reads of data (Get) on every resource', () => {
    const outcomes = checkRule(
      IamNoWildcardResources,
      (stack) =>
        new IamRolePolicy(stack, 'p', {
          role: 'r',
          policy: doc({ Effect: 'Allow', Action: ['ssm:GetParameter', 's3:GetObject'], Resource: '*' }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role_policy.p')).toEqual(
      nonCompliantWith(/allows ssm:GetParameter, s3:GetObject on every resource/),
    );
  });

  it('rejects secret reads on an ARN pattern that covers every service', () => {
    const outcomes = checkRule(
      IamNoWildcardResources,
      (stack) =>
        new IamRolePolicy(stack, 'p', {
          role: 'r',
          policy: doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:*:*:*:*' }),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role_policy.p')).toEqual(nonCompliantWith(/GetSecretValue on every resource/));
  });

  it('does not look at resource policies, where "*" means the resource itself', () => {
    const outcomes = checkRule(
      IamNoWildcardResources,
      (stack) =>
        new SqsQueuePolicy(stack, 'q', {
          queueUrl: 'https://sqs',
          policy: doc({
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: '*',
          }),
        }),
    );

    expect(outcomes['aws_sqs_queue_policy.q']).toBeUndefined();
  });

  it('allows "*" only for actions AWS cannot scope, or the ENI calls Lambda makes for VPC functions', async () => {
    const lambdaVpcEni = [
      'ec2:CreateNetworkInterface',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ];
    const scopable: string[] = [];
    for (const action of Object.keys(ACTIONS_WITHOUT_RESOURCE_SCOPE)) {
      const [service = '', name = ''] = action.split(':');
      if (!(await isWildcardOnlyAction(service, name)) && !lambdaVpcEni.includes(action)) scopable.push(action);
    }

    expect(scopable).toEqual([]);
  });
  it('cannot decide an action on every resource given as a Terraform expression', () => {
    const outcomes = checkRule(
      IamNoWildcardResources,
      (stack) =>
        new IamRolePolicy(stack, 'p', {
          role: 'r',
          policy: policyDocument([{ Sid: 'Some', Action: '${var.action}', Resource: '*' }]),
        }),
    );

    expect(outcomeOf(outcomes, 'aws_iam_role_policy.p')).toEqual(unresolvedWith(/statement "Some" Action/));
  });
});
