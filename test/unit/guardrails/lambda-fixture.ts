// A Lambda function that satisfies every Lambda guardrail; tests override one property to break one rule.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction, type LambdaFunctionConfig } from '@cdktf/provider-aws/lib/lambda-function';
import type { Construct } from 'constructs';
import { ACCOUNT, KEY_ARN } from './fixture';

export function compliantFunction(
  scope: Construct,
  id: string,
  props: Partial<LambdaFunctionConfig> = {},
): LambdaFunction {
  const logs = new CloudwatchLogGroup(scope, `${id}-logs`, {
    name: `/aws/lambda/acme-dev-${id}`,
    kmsKeyId: KEY_ARN,
    retentionInDays: 14,
  });
  return new LambdaFunction(scope, id, {
    functionName: `acme-dev-${id}`,
    role: `arn:aws:iam::${ACCOUNT}:role/acme-dev-${id}`,
    runtime: 'nodejs24.x',
    handler: 'index.handler',
    filename: 'bundle.zip',
    kmsKeyArn: KEY_ARN,
    environment: { variables: { POWERTOOLS_SERVICE_NAME: id } },
    tracingConfig: { mode: 'Active' },
    reservedConcurrentExecutions: 5,
    loggingConfig: { logFormat: 'JSON', logGroup: logs.name },
    tags: { Exposure: 'internal' },
    ...props,
  });
}
