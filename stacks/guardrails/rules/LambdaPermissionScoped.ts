import { isExpression, isSet, isTrue } from '../attributes';
import { EXPOSURE_TAG, exposureOf, exposureTag } from '../exposure';
import { functionOf } from '../lambda-links';
import { compliant, defineRule, nonCompliant, unresolved } from '../rule';

/**
 * Who may invoke a function: an AWS service only for one source (account and ARN), and everyone (`*`) only through
 * the public URL of a function that verifies signatures.
 */
export const LambdaPermissionScoped = defineRule({
  id: 'LambdaPermissionScoped',
  severity: 'error',
  resourceTypes: ['aws_lambda_permission'],
  enforces:
    'a service may invoke a function only for a named source account/ARN, and anyone only through a signed public URL',
  fix: `set sourceArn and sourceAccount for service principals; use principal '*' only on ${EXPOSURE_TAG}=public-signed functions, for lambda:InvokeFunctionUrl with functionUrlAuthType NONE or lambda:InvokeFunction with invoked_via_function_url`,
  check({ attributes }, context) {
    // An expression could be `*` or a service without a source condition.
    for (const argument of ['principal', 'action'] as const) {
      if (isExpression(attributes[argument])) return unresolved(argument, attributes[argument]);
    }
    const principal = String(attributes.principal ?? '');
    const action = String(attributes.action ?? '');
    if (principal === '*') {
      const fn = functionOf(attributes.function_name, context);
      const declared = fn ? exposureTag(fn.attributes) : undefined;
      if (fn && isExpression(declared)) return unresolved(`${fn.address} tags.${EXPOSURE_TAG}`, declared);
      const exposure = fn ? exposureOf(fn.attributes) : undefined;
      const throughUrl =
        (action === 'lambda:InvokeFunctionUrl' && attributes.function_url_auth_type === 'NONE') ||
        (action === 'lambda:InvokeFunction' && isTrue(attributes.invoked_via_function_url));
      if (exposure === 'public-signed' && throughUrl) return compliant;
      return nonCompliant(
        exposure === 'public-signed'
          ? `principal * may call ${action} other than through the function URL`
          : `principal * may call ${action} on a function tagged ${EXPOSURE_TAG}=${exposure ?? '(none)'}`,
        `remove the public permission and use an AWS_IAM URL; for a ${EXPOSURE_TAG}=public-signed function keep only lambda:InvokeFunctionUrl with functionUrlAuthType NONE and lambda:InvokeFunction with invoked_via_function_url = true`,
      );
    }
    if (principal.endsWith('.amazonaws.com')) {
      if (isSet(attributes.source_arn) || isSet(attributes.source_account)) return compliant;
      return nonCompliant(
        `${principal} may invoke the function on behalf of any account or resource (confused deputy)`,
        'set sourceArn (the invoking resource) and sourceAccount on the LambdaPermission',
      );
    }
    return compliant;
  },
});
