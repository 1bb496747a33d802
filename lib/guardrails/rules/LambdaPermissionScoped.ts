import { EXPOSURE_TAG, exposureOf } from '../exposure';
import { functionOf } from '../lambda-links';
import { compliant, defineRule, nonCompliant } from '../rule';

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
  check(permission, context) {
    // Read before deciding anything: an unresolved principal or action could be `*` or a service without a source.
    const principal = String(permission.value('principal') ?? '');
    const action = String(permission.value('action') ?? '');
    if (principal === '*') {
      const fn = functionOf(permission.link('function_name'), context);
      const exposure = fn ? exposureOf(fn) : undefined;
      const throughUrl =
        (action === 'lambda:InvokeFunctionUrl' && permission.value('function_url_auth_type') === 'NONE') ||
        (action === 'lambda:InvokeFunction' && permission.isTrue('invoked_via_function_url'));
      if (exposure === 'public-signed' && throughUrl) return compliant;
      return nonCompliant(
        exposure === 'public-signed'
          ? `principal * may call ${action} other than through the function URL`
          : `principal * may call ${action} on a function tagged ${EXPOSURE_TAG}=${exposure ?? '(none)'}`,
        `remove the public permission and use an AWS_IAM URL; for a ${EXPOSURE_TAG}=public-signed function keep only lambda:InvokeFunctionUrl with functionUrlAuthType NONE and lambda:InvokeFunction with invoked_via_function_url = true`,
      );
    }
    if (principal.endsWith('.amazonaws.com')) {
      if (permission.isSet('source_arn') || permission.isSet('source_account')) return compliant;
      return nonCompliant(
        `${principal} may invoke the function on behalf of any account or resource (confused deputy)`,
        'set sourceArn (the invoking resource) and sourceAccount on the LambdaPermission',
      );
    }
    return compliant;
  },
});
