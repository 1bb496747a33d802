import { DbInstance, type DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { TerraformVariable } from 'cdktf';
import { RdsInstanceEncryptedPrivate } from '../../../../lib/guardrails/rules/RdsInstanceEncryptedPrivate';
import { checkRule, KEY_ARN, nonCompliantWith, outcomeOf, unresolvedWith } from '../fixture';

const base: DbInstanceConfig = {
  instanceClass: 'db.t4g.micro',
  engine: 'postgres',
  allocatedStorage: 20,
  storageEncrypted: true,
  kmsKeyId: KEY_ARN,
  publiclyAccessible: false,
};

describe('RdsInstanceEncryptedPrivate', () => {
  it('accepts an encrypted private instance', () => {
    const outcomes = checkRule(RdsInstanceEncryptedPrivate, (stack) => new DbInstance(stack, 'db', base));

    expect(outcomeOf(outcomes, 'aws_db_instance.db')).toEqual({ status: 'compliant' });
  });

  it('rejects a public instance without a customer key', () => {
    const outcomes = checkRule(
      RdsInstanceEncryptedPrivate,
      (stack) => new DbInstance(stack, 'db', { ...base, kmsKeyId: undefined, publiclyAccessible: true }),
    );

    expect(outcomeOf(outcomes, 'aws_db_instance.db')).toEqual(
      nonCompliantWith(/no customer kmsKeyId .*; the instance is publicly accessible/),
    );
  });

  it('cannot decide publicly_accessible given as a variable', () => {
    const outcomes = checkRule(RdsInstanceEncryptedPrivate, (stack) => {
      const open = new TerraformVariable(stack, 'public', { type: 'bool' });
      new DbInstance(stack, 'db', { ...base, publiclyAccessible: open.booleanValue });
    });

    expect(outcomeOf(outcomes, 'aws_db_instance.db')).toEqual(
      unresolvedWith(/^publicly_accessible is "\$\{var\.public\}"/),
    );
  });
});
