import { DynamodbTable, type DynamodbTableConfig } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { Construct } from 'constructs';
import { DynamoDbTablePointInTimeRecovery } from '../../../../lib/guardrails/rules/DynamoDbTablePointInTimeRecovery';
import { checkRule, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

const production = { environment: { name: 'prod', production: true } };
const development = { environment: { name: 'dev', production: false } };

function table(scope: Construct, props: Partial<DynamodbTableConfig> = {}): DynamodbTable {
  return new DynamodbTable(scope, 'table', {
    name: 'acme-prod-deliveries',
    billingMode: 'PAY_PER_REQUEST',
    hashKey: 'id',
    attribute: [{ name: 'id', type: 'S' }],
    ...props,
  });
}

describe('DynamoDbTablePointInTimeRecovery', () => {
  it('accepts a production table with point-in-time recovery', () => {
    const outcomes = checkRule(
      DynamoDbTablePointInTimeRecovery,
      (stack) => table(stack, { pointInTimeRecovery: { enabled: true } }),
      production,
    );

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual({ status: 'compliant' });
  });

  it('rejects a production table without point-in-time recovery, naming the environment', () => {
    const outcomes = checkRule(DynamoDbTablePointInTimeRecovery, (stack) => table(stack), production);

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual(
      nonCompliantWith(/production environment "prod" without point-in-time recovery/),
    );
  });

  it('rejects a production table whose point-in-time recovery is disabled', () => {
    const outcomes = checkRule(
      DynamoDbTablePointInTimeRecovery,
      (stack) => table(stack, { pointInTimeRecovery: { enabled: false } }),
      production,
    );

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual(nonCompliantWith(/without point-in-time/));
  });

  it('does not apply outside production', () => {
    const outcomes = checkRule(DynamoDbTablePointInTimeRecovery, (stack) => table(stack), development);

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual({ status: 'not-applicable' });
  });

  it('cannot decide a production table whose recovery setting is an expression', () => {
    const outcomes = checkRule(
      DynamoDbTablePointInTimeRecovery,
      (stack) => table(stack, { pointInTimeRecovery: { enabled: '${var.pitr}' as unknown as boolean } }),
      production,
    );

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual(
      unresolvedWith(/point_in_time_recovery\.enabled is "\$\{var\.pitr\}"/),
    );
  });

  it('cannot decide a table without recovery in a stack that declares no environment', () => {
    const outcomes = checkRule(DynamoDbTablePointInTimeRecovery, (stack) => table(stack));

    expect(outcomeOf(outcomes, 'aws_dynamodb_table.table')).toEqual(unresolvedWith(/declares no environment/));
  });
});
