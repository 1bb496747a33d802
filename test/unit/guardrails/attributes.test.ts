// The accessor decides, for every rule, which values are known at synth time: literals, and references to resources
// of the app (in the stack or through another stack's output). Anything else is unresolved and throws.
import { type Resource, UnresolvedValue } from '../../../lib/guardrails/attributes';
import { checkResource } from '../../../lib/guardrails/evaluate';
import { compliant, defineRule } from '../../../lib/guardrails/rule';
import { fromTerraformJson, ruleIndex } from '../../../lib/guardrails/synthesized-stack';

const CROSS_STACK_KEY =
  '${data.terraform_remote_state.cross-stack-reference-input-dev-security.outputs.cross-stack-output-aws_kms_keykey_F64E54E4arn}';

/** `attributes` as the `thing` resource of dev-app, beside a security stack that publishes its key's ARN. */
function resource(attributes: Record<string, unknown>): Resource {
  const security = fromTerraformJson('dev-security', {
    resource: { aws_kms_key: { key_F64E54E4: {} } },
    output: {
      'cross-stack-output-aws_kms_keykey_F64E54E4arn': { value: '${aws_kms_key.key_F64E54E4.arn}' },
      'cross-stack-output-shared-key': { value: '${data.aws_kms_key.shared.arn}' },
    },
  });
  const app = fromTerraformJson('dev-app', {
    resource: { aws_sqs_queue: { thing: attributes, other: {} }, aws_kms_alias: { alias: {} } },
  });
  const { resourceOf } = ruleIndex([security, app]);
  const thing = app.resources.find((r) => r.name === 'thing');
  if (!thing) throw new Error('fixture incomplete');
  return resourceOf(thing);
}

/** The UnresolvedValue `read` throws, or undefined. */
function unresolvedBy(read: () => unknown): UnresolvedValue | undefined {
  try {
    read();
  } catch (error) {
    if (error instanceof UnresolvedValue) return error;
    throw error;
  }
  return undefined;
}

describe('the attribute accessor', () => {
  it('returns literals and refuses any expression in a value, naming where it is', () => {
    const thing = resource({ days: 30, cidrs: ['10.0.0.0/8', '${var.cidr}'], spec: { mode: '${var.mode}' } });

    expect(thing.value('days')).toBe(30);
    expect(unresolvedBy(() => thing.strings('cidrs'))).toMatchObject({
      address: 'aws_sqs_queue.thing',
      attribute: 'cidrs',
      value: ['10.0.0.0/8', '${var.cidr}'],
    });
    expect(unresolvedBy(() => thing.block('spec')?.value('mode'))?.attribute).toBe('spec.mode');
  });

  it('reads nested blocks as a list with their position, whether written as one object or an array', () => {
    const thing = resource({ one: { a: true }, many: [{ a: false }, { a: 'true' }], dynamic: '${var.blocks}' });

    expect(thing.blocks('one').map((block) => block.isTrue('a'))).toEqual([true]);
    expect(thing.blocks('many').map((block) => block.isFalse('a'))).toEqual([true, false]);
    expect(unresolvedBy(() => thing.blocks('many')[1]?.value('b'))).toBeUndefined();
    expect(unresolvedBy(() => thing.blocks('dynamic'))?.attribute).toBe('dynamic');
    expect(thing.blocks('missing')).toEqual([]);
  });

  it('counts as set a literal, text around an expression, and a reference to a resource of the app', () => {
    const thing = resource({
      literal: 'x',
      empty: ' ',
      around: 'arn:aws:iam::${var.account}:policy/boundary',
      reference: '${aws_sqs_queue.other.arn}',
      crossStack: CROSS_STACK_KEY,
      list: ['${var.a}', 'b'],
      map: {},
    });

    expect(['literal', 'around', 'reference', 'crossStack', 'list'].map((name) => thing.isSet(name))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['empty', 'map', 'missing'].map((name) => thing.isSet(name))).toEqual([false, false, false]);
  });

  it('cannot tell whether a variable, a data source or a list of them is set, and carries mayPass', () => {
    const thing = resource({
      variable: '${var.boundary}',
      data: '${data.aws_iam_policy.b.arn}',
      list: ['${var.a}', '${var.b}'],
    });

    expect(unresolvedBy(() => thing.isSet('variable'))?.options).toEqual({});
    expect(unresolvedBy(() => thing.isSet('data', { mayPass: true }))?.options).toEqual({ mayPass: true });
    expect(unresolvedBy(() => thing.isSet('list'))?.attribute).toBe('list');
  });

  it('follows a key reference across stacks to the environment key, and an alias of the app, as customer keys', () => {
    const thing = resource({
      environmentKey: CROSS_STACK_KEY,
      alias: '${aws_kms_alias.alias.arn}',
      literal: 'arn:aws:kms:eu-west-1:111111111111:key/1',
      managed: 'arn:aws:kms:eu-west-1:111111111111:alias/aws/sqs',
      managedAround: 'arn:aws:kms:${var.region}:111111111111:alias/aws/sqs',
    });

    expect(thing.keyKind('environmentKey')).toBe('customer');
    expect(thing.keyKind('alias')).toBe('customer');
    expect(thing.keyKind('literal')).toBe('customer');
    expect(thing.keyKind('managed')).toBe('aws-managed');
    expect(thing.keyKind('managedAround')).toBe('aws-managed');
    expect(thing.keyKind('missing')).toBe('none');
  });

  it('cannot tell the kind of a key from a data source, a variable, an output that is no key, or a non-key resource', () => {
    const thing = resource({
      data: '${data.aws_kms_key.shared.arn}',
      variable: '${var.key}',
      sharedOutput:
        '${data.terraform_remote_state.cross-stack-reference-input-dev-security.outputs.cross-stack-output-shared-key}',
      queue: '${aws_sqs_queue.other.arn}',
      number: 5,
    });

    for (const name of ['data', 'variable', 'sharedOutput', 'queue', 'number']) {
      expect(unresolvedBy(() => thing.keyKind(name))?.attribute).toBe(name);
    }
    expect(unresolvedBy(() => thing.keyKind('data'))?.options.fix).toMatch(/SecurityOutputs\.keyArn/);
  });

  it('reads tags, and refuses a tag or a tag map that is an expression', () => {
    expect(resource({ tags: { Exposure: 'private' } }).tag('Exposure')).toBe('private');
    expect(resource({}).tag('Exposure')).toBeUndefined();
    expect(unresolvedBy(() => resource({ tags: { Exposure: '${var.x}' } }).tag('Exposure'))?.attribute).toBe(
      'tags.Exposure',
    );
    expect(unresolvedBy(() => resource({ tags: '${var.tags}' }).tag('Exposure'))?.attribute).toBe('tags');
  });

  it('gives a resolved link only for a literal or a reference to a resource of the app', () => {
    const thing = resource({ name: 'x', reference: '${aws_sqs_queue.other.arn}', data: '${data.aws_sqs_queue.q.arn}' });

    expect(unresolvedBy(() => thing.resolvedLink('name'))).toBeUndefined();
    expect(unresolvedBy(() => thing.resolvedLink('reference'))).toBeUndefined();
    expect(unresolvedBy(() => thing.resolvedLink('data'))?.attribute).toBe('data');
  });
});

describe('checkResource', () => {
  it('reports a value read from another resource under that resource address', () => {
    const security = fromTerraformJson('s', {
      resource: { aws_sqs_queue: { checked: {}, other: { kms_master_key_id: '${var.key}' } } },
    });
    const { resourceOf, context } = ruleIndex([security]);
    const [checked] = security.resources;
    if (!checked) throw new Error('fixture incomplete');
    const readsOther = defineRule({
      id: 'ReadsOther',
      severity: 'error',
      resourceTypes: ['aws_sqs_queue'],
      enforces: 'x',
      fix: 'x',
      check: (_, ctx) => {
        for (const queue of ctx.ofType('aws_sqs_queue')) queue.keyKind('kms_master_key_id');
        return compliant;
      },
    });

    expect(checkResource(readsOther, resourceOf(checked), context)).toMatchObject({
      status: 'unresolved',
      problem: expect.stringMatching(/^aws_sqs_queue\.other kms_master_key_id is "\$\{var\.key\}"/),
    });
  });
});
