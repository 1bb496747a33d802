import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { Construct } from 'constructs';
import { BundledFunction, type BundledFunctionProps } from './bundled-function';
import type { IGrantable } from './grants';
import { keepAddress } from './keep-address';
import type { PolicyStatement } from './policy-document';

/** Props of a private API: the function's props, its exposure fixed to `private`. */
export type PrivateApiProps = Omit<BundledFunctionProps, 'exposure'>;

/**
 * A function behind a function URL with authorization AWS_IAM: only SigV4-signed requests of principals
 * granted `grantInvokeUrl` reach it.
 */
export class PrivateApi extends Construct implements IGrantable {
  readonly function: BundledFunction;
  readonly url: LambdaFunctionUrl;

  constructor(scope: Construct, id: string, props: PrivateApiProps) {
    super(scope, id);
    // `Default` keeps the function's resources at the addresses they had before this construct existed.
    this.function = new BundledFunction(this, 'Default', { ...props, exposure: 'private' });
    this.url = new LambdaFunctionUrl(this, 'url', {
      functionName: this.function.function.functionName,
      authorizationType: 'AWS_IAM',
    });
    keepAddress(this.url, `${id}-url`);
  }

  /** The URL callers sign requests to. */
  get functionUrl(): string {
    return this.url.functionUrl;
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

  /** Adds a statement to the function role's policy (see IGrantable). */
  addToRolePolicy(statement: PolicyStatement): void {
    this.function.addToRolePolicy(statement);
  }
}
