import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import type { Construct } from 'constructs';
import { FunctionEndpoint, type FunctionEndpointProps } from './function-endpoint';
import type { IGrantable } from './grants';
import { keepAddress } from './keep-address';

/** Props of a private API: the function's props, its exposure fixed to `private`. */
export type PrivateApiProps = FunctionEndpointProps;

/**
 * A function behind a function URL with authorization AWS_IAM: only SigV4-signed requests of principals
 * granted `grantInvokeUrl` reach it.
 */
export class PrivateApi extends FunctionEndpoint {
  readonly url: LambdaFunctionUrl;

  constructor(scope: Construct, id: string, props: PrivateApiProps) {
    super(scope, id, props, 'private');
    this.url = new LambdaFunctionUrl(this, 'url', {
      functionName: this.function.function.functionName,
      authorizationType: 'AWS_IAM',
    });
    keepAddress(this.url, `${id}-url`);
  }

  /**
   * Lets `grantee` call the URL (`Invoke<label>Url`) and invoke the function only through it
   * (`Invoke<label>OnlyThroughItsUrl`): both are needed for function URLs since October 2025.
   */
  grantInvokeUrl(grantee: IGrantable, label: string): void {
    const functionArn = this.function.function.arn;
    grantee.addToRolePolicy({
      Sid: `Invoke${label}Url`,
      Action: ['lambda:InvokeFunctionUrl'],
      Resource: functionArn,
      Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
    });
    grantee.addToRolePolicy({
      Sid: `Invoke${label}OnlyThroughItsUrl`,
      Action: ['lambda:InvokeFunction'],
      Resource: functionArn,
      Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': true } },
    });
  }
}
