import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { Construct } from 'constructs';
import { FunctionEndpoint, type FunctionEndpointProps } from './function-endpoint';
import { keepAddress } from './keep-address';

/** Props of a public webhook endpoint: the function's props, its exposure fixed to `public-signed`. */
export type PublicSignedWebhookProps = FunctionEndpointProps;

/**
 * A function behind a public function URL (authorization NONE) that anyone may call, for senders that sign each
 * request instead of signing in to AWS (GitHub, Stripe, Standard Webhooks). The function is tagged
 * `public-signed`, which the guardrails only accept because its handler rejects unsigned requests.
 */
export class PublicSignedWebhook extends FunctionEndpoint {
  readonly url: LambdaFunctionUrl;

  constructor(scope: Construct, id: string, props: PublicSignedWebhookProps) {
    super(scope, id, props, 'public-signed');
    const functionName = this.function.function.functionName;

    // A public URL needs two statements since October 2025. From AWS provider 6.28 aws_lambda_function_url with auth
    // NONE adds both itself (FunctionURLAllowPublicAccess, FunctionURLAllowInvokeAction), outside Terraform's state,
    // and skips a statement id that already exists. Declaring them here under those ids, before the URL, keeps them in
    // state (plan shows drift, destroy removes them) and leaves the provider nothing to add: one statement each.
    const publicUrl = new LambdaPermission(this, 'public-url', {
      statementId: 'FunctionURLAllowPublicAccess',
      action: 'lambda:InvokeFunctionUrl',
      functionName,
      principal: '*',
      functionUrlAuthType: 'NONE',
    });
    const viaUrlOnly = new LambdaPermission(this, 'invoke-via-url', {
      statementId: 'FunctionURLAllowInvokeAction',
      action: 'lambda:InvokeFunction',
      functionName,
      principal: '*',
    });
    // invoked_via_function_url arrived in AWS provider 6.28.0; the 6.25-based bindings lack it (AWS_PROVIDER_VERSION).
    viaUrlOnly.addOverride('invoked_via_function_url', true);
    this.url = new LambdaFunctionUrl(this, 'url', {
      functionName,
      authorizationType: 'NONE',
      dependsOn: [publicUrl, viaUrlOnly],
    });

    keepAddress(this.url, `${id}-url`);
    keepAddress(publicUrl, `${id}-public-url`);
    keepAddress(viaUrlOnly, `${id}-invoke-via-url`);
  }
}
