import { compliant, defineRule, nonCompliant, notApplicable } from '../rule';

/** Production tables can be restored to any second of the last 35 days, so a bad write or a deletion is undone. */
export const DynamoDbTablePointInTimeRecovery = defineRule({
  id: 'DynamoDbTablePointInTimeRecovery',
  severity: 'error',
  resourceTypes: ['aws_dynamodb_table'],
  enforces: 'tables of production environments have point-in-time recovery',
  fix: 'set pointInTimeRecovery: { enabled: true } on the DynamodbTable (at least when environment.production)',
  check(table, context) {
    const environment = context.environmentOf(table);
    if (environment && !environment.production) return notApplicable;
    const recovery = table.block('point_in_time_recovery');
    if (recovery?.isTrue('enabled')) return compliant;
    if (!environment) {
      // A stack that declares no environment could serve production: not knowing is not "not applicable".
      return {
        status: 'unresolved',
        problem: `stack ${table.stack} declares no environment, so the rule cannot tell whether the table serves production, and point-in-time recovery is off`,
        fix: 'set pointInTimeRecovery: { enabled: true } on the DynamodbTable, or build the stack on EnvironmentStack (it calls declareEnvironment)',
        mayPass: false,
      };
    }
    return nonCompliant(
      `the table is in production environment "${environment.name}" without point-in-time recovery, so a bad write or a deletion cannot be undone`,
      'set pointInTimeRecovery: { enabled: production } on the DynamodbTable (with deletionProtectionEnabled: production)',
    );
  },
});
