// What the rules look at: a stack's resources exactly as cdk.tf.json will hold them. TerraformStack.toTerraform()
// is the function cdktf itself writes cdk.tf.json from: every token resolved (references become `${type.name.attr}`,
// cross-stack references `${data.terraform_remote_state...}`), escape hatches (addOverride) applied.
import type { TerraformStack } from 'cdktf';
import { Link, Resource } from './attributes';
import { declaredEnvironment } from './environment';
import {
  crossStackReferencesIn,
  interpolationsIn,
  parseCrossStackReference,
  parseResourceReference,
  refersToAddress,
} from './references';
import type { EnvironmentDeclaration, RuleContext, SynthesizedResource } from './rule';
import { isRecord, rawStrings } from './values';

/** One stack's resources and the values of its outputs (to follow cross-stack references back to a resource). */
export interface SynthesizedStack {
  readonly id: string;
  readonly resources: readonly SynthesizedResource[];
  /** Output name -> its value expression, e.g. `cross-stack-output-aws_kms_keykey_F64E54E4arn` -> `${aws_kms_key...}`. */
  readonly outputs: Readonly<Record<string, string>>;
  /** The environment the stack declared (declareEnvironment), if any. */
  readonly environment?: EnvironmentDeclaration;
}

/** Reads a stack's Terraform JSON (the same document cdktf writes) into the rules' view. */
export function synthesizedStack(stack: TerraformStack): SynthesizedStack {
  const environment = declaredEnvironment(stack);
  return { ...fromTerraformJson(stack.node.id, stack.toTerraform()), ...(environment ? { environment } : {}) };
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

/** The app as the rules see it: each resource behind the accessor, and the lookups across stacks. */
export interface RuleIndex {
  /** The accessor of a synthesized resource of the app. */
  resourceOf(resource: SynthesizedResource): Resource;
  readonly context: RuleContext;
}

/**
 * Builds the rules' view of the app. References are resolved relative to the stack they are written in, and
 * cross-stack references through the origin stack's outputs, so `${aws_kms_key.key.arn}` in dev-app never matches
 * prod's key.
 */
export function ruleIndex(stacks: readonly SynthesizedStack[]): RuleIndex {
  const byId = new Map(stacks.map((stack) => [stack.id, stack]));
  const views = new Map<SynthesizedResource, Resource>();
  const rawOf = new Map<Resource, SynthesizedResource>();

  /** The resource a whole `${...}` value written in `stackId` names, following cross-stack outputs. */
  const resolveIn = (stackId: string, text: string, depth = 0): SynthesizedResource | undefined => {
    const [expression] = interpolationsIn(text);
    if (expression === undefined || text.trim() !== `\${${expression}}` || depth > stacks.length) return undefined;
    const crossStack = parseCrossStackReference(expression);
    if (crossStack) {
      const output = byId.get(crossStack.originStack)?.outputs[crossStack.outputName];
      return output === undefined ? undefined : resolveIn(crossStack.originStack, output, depth + 1);
    }
    const reference = parseResourceReference(expression);
    if (!reference) return undefined;
    return byId
      .get(stackId)
      ?.resources.find((resource) => resource.type === reference.type && resource.name === reference.name);
  };

  const resourceOf = (resource: SynthesizedResource): Resource => {
    let view = views.get(resource);
    if (!view) {
      view = new Resource(resource, resource.attributes, (text) => resolveIn(resource.stack, text));
      views.set(resource, view);
      rawOf.set(view, resource);
    }
    return view;
  };
  const all = stacks.flatMap((stack) => stack.resources);
  const ofType = new Map<string, Resource[]>();
  for (const resource of all) {
    const list = ofType.get(resource.type) ?? [];
    list.push(resourceOf(resource));
    ofType.set(resource.type, list);
  }

  const refersTo: RuleContext['refersTo'] = (value, target, literalAttributes = []) => {
    const raw = rawOf.get(target);
    if (!raw) return false;
    const [stack, texts] =
      value instanceof Link ? [value.stack, stringsIn(Link.rawValue(value))] : [undefined, [value]];
    return texts.some((text) => {
      if (stack !== undefined) {
        if (raw.stack === stack && refersToAddress(text, raw.address)) return true;
        for (const { originStack, outputName } of crossStackReferencesIn(text)) {
          if (originStack !== raw.stack) continue;
          const expression = byId.get(originStack)?.outputs[outputName];
          if (expression && refersToAddress(expression, raw.address)) return true;
        }
      }
      return literalAttributes.some((attribute) =>
        rawStrings(raw.attributes[attribute]).some((literal) => !literal.includes('${') && literal === text),
      );
    });
  };

  return {
    resourceOf,
    context: {
      ofType: (type) => ofType.get(type) ?? [],
      refersTo,
      referenced: (value, type, literalAttributes) =>
        (ofType.get(type) ?? []).find((resource) => refersTo(value, resource, literalAttributes)),
      environmentOf: (resource) => byId.get(resource.stack)?.environment,
    },
  };
}
