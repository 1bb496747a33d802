import { blocks, isAwsManagedKey, isExpression, isRecord, isSet } from '../attributes';
import { compliant, defineRule, nonCompliant, notApplicable, unresolved } from '../rule';

/** Environment variables are encrypted with the environment key, not the AWS managed aws/lambda key. */
export const LambdaEnvironmentEncrypted = defineRule({
  id: 'LambdaEnvironmentEncrypted',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: 'function environment variables are encrypted with the environment customer-managed key',
  fix: 'set kmsKeyArn: the environment key ARN on the LambdaFunction',
  check({ attributes }, context) {
    const variables = blocks(attributes.environment)[0]?.variables;
    if (!isRecord(variables) || Object.keys(variables).length === 0) return notApplicable;
    const key = attributes.kms_key_arn;
    if (isExpression(key)) {
      // A reference to a KmsKey of the app (here or through a cross-stack output) is a customer key; anything
      // else (a variable, a data source) could be the AWS managed key.
      if (context.referenced(key, 'aws_kms_key')) return compliant;
      return unresolved('kms_key_arn', key, {
        fix: 'pass the environment key ARN (SecurityOutputs.keyArn) so the reference leads to a KmsKey of the app',
      });
    }
    if (isSet(attributes.kms_key_arn) && !isAwsManagedKey(attributes.kms_key_arn)) return compliant;
    return nonCompliant(
      'the function has environment variables but no customer kmsKeyArn, so they are encrypted with the AWS managed key aws/lambda',
      'set kmsKeyArn: props.security.keyArn on the LambdaFunction (BundledFunction does)',
    );
  },
});
