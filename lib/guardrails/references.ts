// The one place that knows how cdktf writes references in cdk.tf.json. Everything that follows a reference
// (the guardrails, the IAM model of the tests) parses it here, so a change in cdktf's format breaks one module,
// whose tests run against a real synth.
//
//   same stack:  ${aws_kms_key.key_F64E54E4.arn}
//   cross stack: ${data.terraform_remote_state.cross-stack-reference-input-<origin stack>.outputs.<output>}
//                where the origin stack publishes `<output>` (named `cross-stack-output-<type><name><attribute>`)
//                with the same-stack expression as its value.

/** Name prefix cdktf gives the remote-state data source that reads another stack's outputs. */
const REMOTE_STATE_PREFIX = 'cross-stack-reference-input-';
/** Name prefix of the outputs cdktf adds to a stack because another stack refers to one of its values. */
export const CROSS_STACK_OUTPUT_PREFIX = 'cross-stack-output-';

/** A reference to an output of another stack. */
export interface CrossStackReference {
  /** Id of the stack that publishes the value, e.g. `dev-security`. */
  readonly originStack: string;
  /** Name of the output in that stack, e.g. `cross-stack-output-aws_kms_keykey_F64E54E4arn`. */
  readonly outputName: string;
}

/** A reference to an attribute of a resource of the same stack. */
export interface ResourceReference {
  /** Terraform type, e.g. `aws_kms_key`. */
  readonly type: string;
  /** Terraform name (logical id), e.g. `key_F64E54E4`. */
  readonly name: string;
  /** Attribute path after the name, e.g. `arn` or `master_user_secret[0].secret_arn`. */
  readonly attribute: string;
}

const CROSS_STACK_EXPRESSION = /^data\.terraform_remote_state\.cross-stack-reference-input-([^.]+)\.outputs\.([\w-]+)$/;
const CROSS_STACK_IN_TEXT = /data\.terraform_remote_state\.cross-stack-reference-input-([^.\s}]+)\.outputs\.([\w-]+)/g;
const RESOURCE_EXPRESSION = /^([a-z0-9_]+)\.([\w-]+)\.(.+)$/;
const INTERPOLATION = /\$\{([^}]+)\}/g;

/** The expressions inside every `${...}` of `text`, trimmed, in order. */
export function interpolationsIn(text: string): string[] {
  return [...text.matchAll(INTERPOLATION)].map((match) => (match[1] ?? '').trim());
}

/** `text` with each `${...}` replaced by what `replace` returns for the expression inside it. */
export function replaceInterpolations(text: string, replace: (expression: string) => string): string {
  return text.replace(INTERPOLATION, (_, expression: string) => replace(expression.trim()));
}

/** Whether `value` is, or contains, a Terraform expression (known only at plan or apply time). */
export function hasInterpolation(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** The cross-stack reference an expression (without `${}`) is exactly, if it is one. */
export function parseCrossStackReference(expression: string): CrossStackReference | undefined {
  const match = CROSS_STACK_EXPRESSION.exec(expression);
  if (!match) return undefined;
  const [, originStack = '', outputName = ''] = match;
  return { originStack, outputName };
}

/** Every cross-stack reference anywhere in `text` (inside `${...}`, possibly within a function call). */
export function crossStackReferencesIn(text: string): CrossStackReference[] {
  return [...text.matchAll(CROSS_STACK_IN_TEXT)].map(([, originStack = '', outputName = '']) => ({
    originStack,
    outputName,
  }));
}

/** The same-stack resource reference an expression (without `${}`) is, if it is one (data sources are not). */
export function parseResourceReference(expression: string): ResourceReference | undefined {
  if (expression.startsWith('data.')) return undefined;
  const match = RESOURCE_EXPRESSION.exec(expression);
  if (!match) return undefined;
  const [, type = '', name = '', attribute = ''] = match;
  return { type, name, attribute };
}

/** The expression (inside `${}`) by which a stack reads `outputName` of `originStack`. */
export function crossStackExpression(reference: CrossStackReference): string {
  return `data.terraform_remote_state.${REMOTE_STATE_PREFIX}${reference.originStack}.outputs.${reference.outputName}`;
}

/** Whether a stack output was added by cdktf for another stack (rather than published by the app). */
export function isCrossStackOutput(outputName: string): boolean {
  return outputName.startsWith(CROSS_STACK_OUTPUT_PREFIX);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether `text` refers to the resource at `address` (`type.name`) of its own stack: by the exact address,
 * so `aws_x.logs` does not match `aws_x.logs2`.
 */
export function refersToAddress(text: string, address: string): boolean {
  return new RegExp(`(?<![\\w.-])${escapeRegExp(address)}(?=[.\\[}\\s,)])`).test(text);
}
