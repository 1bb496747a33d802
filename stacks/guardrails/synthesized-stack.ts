// What the rules look at: a stack's resources exactly as cdk.tf.json will hold them. TerraformStack.toTerraform()
// is the function cdktf itself writes cdk.tf.json from: every token resolved (references become `${type.name.attr}`,
// cross-stack references `${data.terraform_remote_state...}`), escape hatches (addOverride) applied.
import type { TerraformStack } from 'cdktf';
import { isRecord, strings } from './attributes';
import { crossStackReferencesIn, refersToAddress } from './references';
import type { RuleContext, SynthesizedResource } from './rule';

/** One stack's resources and the values of its outputs (to follow cross-stack references back to a resource). */
export interface SynthesizedStack {
  readonly id: string;
  readonly resources: readonly SynthesizedResource[];
  /** Output name -> its value expression, e.g. `cross-stack-output-aws_kms_keykey_F64E54E4arn` -> `${aws_kms_key...}`. */
  readonly outputs: Readonly<Record<string, string>>;
}

/** Reads a stack's Terraform JSON (the same document cdktf writes) into the rules' view. */
export function synthesizedStack(stack: TerraformStack): SynthesizedStack {
  return fromTerraformJson(stack.node.id, stack.toTerraform());
}

/** The rules' view of one synthesized stack document (cdk.tf.json content). */
export function fromTerraformJson(stackId: string, json: unknown): SynthesizedStack {
  const document = isRecord(json) ? json : {};
  const resources: SynthesizedResource[] = [];
  const byType = isRecord(document.resource) ? document.resource : {};
  for (const [type, instances] of Object.entries(byType)) {
    if (!isRecord(instances)) continue;
    for (const [name, body] of Object.entries(instances)) {
      if (!isRecord(body)) continue;
      const { '//': metadata, ...attributes } = body;
      const path = isRecord(metadata) && isRecord(metadata.metadata) ? metadata.metadata.path : undefined;
      resources.push({
        stack: stackId,
        type,
        name,
        address: `${type}.${name}`,
        path: typeof path === 'string' ? path : `${stackId}/${type}.${name}`,
        attributes,
      });
    }
  }
  const outputs: Record<string, string> = {};
  if (isRecord(document.output)) {
    for (const [name, output] of Object.entries(document.output)) {
      if (isRecord(output) && typeof output.value === 'string') outputs[name] = output.value;
    }
  }
  return { id: stackId, resources, outputs };
}

/** Every string inside a value (strings, lists, blocks). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isRecord(value)) return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * Lookups for rules checking `current`: references are resolved relative to its stack, and cross-stack
 * references through the origin stack's outputs, so `${aws_kms_key.key.arn}` in dev-app never matches prod's key.
 */
export function ruleContext(stacks: readonly SynthesizedStack[], current: SynthesizedResource): RuleContext {
  const outputsOf = new Map(stacks.map((stack) => [stack.id, stack.outputs]));
  const all = stacks.flatMap((stack) => stack.resources);

  const refersTo: RuleContext['refersTo'] = (value, target, literalAttributes = []) =>
    stringsIn(value).some((text) => {
      if (target.stack === current.stack && refersToAddress(text, target.address)) return true;
      for (const { originStack, outputName } of crossStackReferencesIn(text)) {
        if (originStack !== target.stack) continue;
        const expression = outputsOf.get(originStack)?.[outputName];
        if (expression && refersToAddress(expression, target.address)) return true;
      }
      return literalAttributes.some((attribute) =>
        strings(target.attributes[attribute]).some((literal) => !literal.includes('${') && literal === text),
      );
    });

  return {
    ofType: (type) => all.filter((resource) => resource.type === type),
    refersTo,
    referenced: (value, type, literalAttributes) =>
      all.find((resource) => resource.type === type && refersTo(value, resource, literalAttributes)),
  };
}
