import { EXPOSURE_TAG, exposureOf } from '../exposure';
import { functionOf } from '../lambda-links';
import { compliant, defineRule, nonCompliant } from '../rule';

/** Function URLs authenticate with IAM, except on functions that verify a signature on every request. */
export const LambdaFunctionUrlAuth = defineRule({
  id: 'LambdaFunctionUrlAuth',
  severity: 'error',
  resourceTypes: ['aws_lambda_function_url'],
  enforces: `function URLs use AWS_IAM unless the function is tagged ${EXPOSURE_TAG}=public-signed and verifies signatures`,
  fix: `set authorizationType: 'AWS_IAM', or tag the function ${EXPOSURE_TAG}=public-signed if its handler verifies a signature on every request`,
  check(url, context) {
    const authorization = url.value('authorization_type', {
      fix: "set authorizationType: 'AWS_IAM' (a literal) on the LambdaFunctionUrl",
    });
    if (authorization === 'AWS_IAM') return compliant;
    const fn = functionOf(url.link('function_name'), context);
    const exposure = fn ? exposureOf(fn) : undefined;
    if (exposure === 'public-signed') return compliant;
    return nonCompliant(
      fn
        ? `the URL has authorization ${String(authorization)} but ${fn.address} is tagged ${EXPOSURE_TAG}=${exposure ?? '(none)'}, not public-signed`
        : `the URL has authorization ${String(authorization)} and its function is not in the app, so nothing shows that it verifies signatures`,
      `set authorizationType: 'AWS_IAM' and call it with SigV4; keep NONE only for a function tagged ${EXPOSURE_TAG}=public-signed whose handler rejects unsigned requests`,
    );
  },
});
