import type { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { Construct } from 'constructs';
import type { Exposure } from '../guardrails/exposure';
import { BundledFunction, type BundledFunctionProps } from './bundled-function';
import type { IGrantable } from './grants';
import type { PolicyStatement } from './policy-document';

/** Props of a function behind a URL: the function's props, the exposure fixed by the kind of endpoint. */
export type FunctionEndpointProps = Omit<BundledFunctionProps, 'exposure'>;

/** A BundledFunction behind a function URL; subclasses choose the URL's authorization and who may call it. */
export abstract class FunctionEndpoint extends Construct implements IGrantable {
  readonly function: BundledFunction;
  abstract readonly url: LambdaFunctionUrl;

  protected constructor(scope: Construct, id: string, props: FunctionEndpointProps, exposure: Exposure) {
    super(scope, id);
    // `Default` keeps the function's resources at the addresses they had before the endpoint constructs existed.
    this.function = new BundledFunction(this, 'Default', { ...props, exposure });
  }

  /** The URL callers send requests to. */
  get functionUrl(): string {
    return this.url.functionUrl;
  }

  /** Name of the function's role (see IGrantable). */
  get roleName(): string {
    return this.function.roleName;
  }

  /** Adds a statement to the function role's policy (see IGrantable). */
  addToRolePolicy(statement: PolicyStatement): void {
    this.function.addToRolePolicy(statement);
  }
}
