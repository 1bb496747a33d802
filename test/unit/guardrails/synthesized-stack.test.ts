import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { fromTerraformJson, ruleIndex } from '../../../lib/guardrails/synthesized-stack';
import { synthesize } from './fixture';

/** Two environments with the same logical ids, as the real app has, and one stack referring across. */
function twoEnvironments() {
  const security = (env: string) =>
    fromTerraformJson(`${env}-security`, {
      resource: { aws_kms_key: { key_F64E54E4: { '//': { metadata: { path: `${env}-security/key/key` } } } } },
      output: { 'cross-stack-output-aws_kms_keykey_F64E54E4arn': { value: '${aws_kms_key.key_F64E54E4.arn}' } },
    });
  const app = fromTerraformJson('dev-app', {
    resource: {
      aws_sqs_queue: {
        dlq: {
          kms_master_key_id:
            '${data.terraform_remote_state.cross-stack-reference-input-dev-security.outputs.cross-stack-output-aws_kms_keykey_F64E54E4arn}',
        },
      },
    },
  });
  return [security('dev'), security('prod'), app];
}

describe('synthesized stacks', () => {
  it('reads resources with their construct path and without cdktf metadata', () => {
    const [stack] = synthesize((scope) => new KmsKey(scope, 'key', { enableKeyRotation: true }));

    expect(stack?.resources).toEqual([
      {
        stack: 'fixture',
        type: 'aws_kms_key',
        name: 'key',
        address: 'aws_kms_key.key',
        path: 'fixture/key',
        attributes: { enable_key_rotation: true },
      },
    ]);
  });

  it('applies escape hatches, because it reads what cdktf writes', () => {
    const [stack] = synthesize((scope) => {
      new KmsKey(scope, 'key', { enableKeyRotation: true }).addOverride('enable_key_rotation', false);
    });

    expect(stack?.resources[0]?.attributes.enable_key_rotation).toBe(false);
  });

  it('follows a cross-stack reference to the resource in the origin stack only', () => {
    const stacks = twoEnvironments();
    const [devSecurity, prodSecurity, app] = stacks;
    const queue = app?.resources[0];
    const prodKey = prodSecurity?.resources[0];
    if (!devSecurity || !prodKey || !queue) throw new Error('fixture incomplete');
    const { resourceOf, context } = ruleIndex(stacks);
    const key = resourceOf(queue).link('kms_master_key_id');

    expect(context.referenced(key, 'aws_kms_key')?.path).toBe('dev-security/key/key');
    expect(context.refersTo(key, resourceOf(prodKey))).toBe(false);
  });

  it('matches same-stack references by exact address, not by prefix', () => {
    const [stack] = [
      fromTerraformJson('s', {
        resource: {
          aws_cloudwatch_log_group: { logs: {}, logs2: {} },
          aws_lambda_function: { fn: { logging_config: { log_group: '${aws_cloudwatch_log_group.logs2.name}' } } },
        },
      }),
    ];
    const fn = stack?.resources.find((r) => r.type === 'aws_lambda_function');
    if (!stack || !fn) throw new Error('fixture incomplete');

    const { resourceOf, context } = ruleIndex([stack]);

    expect(context.referenced(resourceOf(fn).link('logging_config'), 'aws_cloudwatch_log_group')?.name).toBe('logs2');
  });
});
