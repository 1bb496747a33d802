// lib/guardrails/references.ts is the one reader of cdktf's reference format: these tests hold it to what
// cdktf really writes, so an upgrade that changes the format fails here rather than silently in the guardrails.
import {
  crossStackExpression,
  crossStackReferencesIn,
  interpolationsIn,
  isCrossStackOutput,
  parseCrossStackReference,
  parseResourceReference,
} from '../../lib/guardrails/references';
import { allFeatures } from '../fixtures';
import { type StackJson, synthFixtureOnce } from '../support/synth';

const { stacks } = synthFixtureOnce(allFeatures);

/** Every string inside a value. */
const stringsIn = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
};
const expressionsOf = (stack: StackJson) => stringsIn(stack.resource ?? {}).flatMap(interpolationsIn);

describe('cdktf references in a real synth', () => {
  const all = Object.entries(stacks).flatMap(([id, stack]) =>
    expressionsOf(stack).map((expression) => ({ id, expression })),
  );
  const remote = all.filter(({ expression }) => expression.startsWith('data.terraform_remote_state.'));
  const local = all.filter(({ expression }) => /^aws_\w+\./.test(expression));

  it('finds both kinds of reference (the checks below are not vacuous)', () => {
    expect(remote.length).toBeGreaterThan(10);
    expect(local.length).toBeGreaterThan(10);
  });

  it('parses every cross-stack reference to an output its origin stack publishes', () => {
    for (const { id, expression } of remote) {
      const reference = parseCrossStackReference(expression);

      expect({ id, expression, reference }).toEqual({ id, expression, reference: expect.any(Object) });
      if (!reference) continue;
      expect(reference.originStack).not.toBe(id);
      expect(isCrossStackOutput(reference.outputName)).toBe(true);
      expect(stacks[reference.originStack]?.output?.[reference.outputName]?.value).toEqual(expect.any(String));
      expect(stacks[id]?.data?.terraform_remote_state).toHaveProperty(
        `cross-stack-reference-input-${reference.originStack}`,
      );
    }
  });

  it('writes a cross-stack expression exactly as cdktf does, and finds it inside longer text', () => {
    for (const { expression } of remote) {
      const reference = parseCrossStackReference(expression);
      if (!reference) throw new Error(`unparsed: ${expression}`);

      expect(crossStackExpression(reference)).toBe(expression);
      expect(crossStackReferencesIn(`arn:\${${expression}}:*`)).toEqual([reference]);
    }
  });

  it('parses every same-stack reference to a resource of that stack', () => {
    for (const { id, expression } of local) {
      const reference = parseResourceReference(expression);
      if (!reference) throw new Error(`${id}: unparsed ${expression}`);

      expect(stacks[id]?.resource?.[reference.type]).toHaveProperty([reference.name]);
      expect(reference.attribute).toMatch(/^[a-z_]/);
    }
  });

  it('reads the outputs a stack publishes for others as same-stack references', () => {
    const crossOutputs = Object.values(stacks).flatMap((stack) =>
      Object.entries(stack.output ?? {}).filter(([name]) => isCrossStackOutput(name)),
    );

    expect(crossOutputs.length).toBeGreaterThan(0);
    for (const [, output] of crossOutputs) {
      const [expression = ''] = interpolationsIn(String(output.value));
      expect(parseResourceReference(expression)).toEqual(expect.objectContaining({ type: expect.any(String) }));
    }
  });
});
