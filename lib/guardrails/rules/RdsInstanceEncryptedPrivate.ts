import { compliant, defineRule, nonCompliant } from '../rule';

/** Databases store data encrypted with the environment key and have no public endpoint. */
export const RdsInstanceEncryptedPrivate = defineRule({
  id: 'RdsInstanceEncryptedPrivate',
  severity: 'error',
  resourceTypes: ['aws_db_instance'],
  enforces: 'databases are encrypted with the environment customer-managed key and never publicly accessible',
  fix: 'set storageEncrypted: true, kmsKeyId: the environment key ARN and publiclyAccessible: false on the DbInstance',
  check(db) {
    const problems = [
      db.isTrue('storage_encrypted') ? undefined : 'storage is not encrypted',
      db.keyKind('kms_key_id') === 'customer'
        ? undefined
        : 'no customer kmsKeyId (the AWS managed aws/rds key would be used)',
      db.isTrue('publicly_accessible') ? 'the instance is publicly accessible' : undefined,
    ].filter((problem) => problem !== undefined);
    if (problems.length === 0) return compliant;
    return nonCompliant(
      problems.join('; '),
      'set storageEncrypted: true, kmsKeyId: props.security.keyArn and publiclyAccessible: false on the DbInstance',
    );
  },
});
