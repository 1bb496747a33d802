import { compliant, defineRule, nonCompliant, notApplicable } from '../rule';

/** Environment variables are encrypted with the environment key, not the AWS managed aws/lambda key. */
export const LambdaEnvironmentEncrypted = defineRule({
  id: 'LambdaEnvironmentEncrypted',
  severity: 'error',
  resourceTypes: ['aws_lambda_function'],
  enforces: 'function environment variables are encrypted with the environment customer-managed key',
  fix: 'set kmsKeyArn: the environment key ARN on the LambdaFunction',
  check(fn) {
    if (!fn.block('environment')?.isSet('variables')) return notApplicable;
    // A reference to a KmsKey of the app (here or through a cross-stack output) is a customer key; the accessor
    // reports anything else it cannot follow (a variable, a data source), which could be the AWS managed key.
    if (fn.keyKind('kms_key_arn') === 'customer') return compliant;
    return nonCompliant(
      'the function has environment variables but no customer kmsKeyArn, so they are encrypted with the AWS managed key aws/lambda',
      'set kmsKeyArn: props.security.keyArn on the LambdaFunction (BundledFunction does)',
    );
  },
});
