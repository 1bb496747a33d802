// The guardrails on a whole app (the multi-account fixture): it synthesizes with zero errors, and the changes the template promises to stop
// (dropping key rotation, opening egress, granting "*") fail synth with a message naming the resource and the fix.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { App } from 'cdktf';
import type { IConstruct } from 'constructs';
import { environmentKeyPolicy } from '../../lib/constructs/environment-key';
import { policyDocument } from '../../lib/constructs/policy-document';
import {
  applyGuardrails,
  formatFinding,
  GUARDRAIL_RULES,
  type GuardrailRule,
  GuardrailsError,
  type SynthesizedResource,
  summaryLine,
  suppressGuardrail,
} from '../../lib/guardrails';
import { compliant, defineRule, nonCompliant, notApplicable } from '../../lib/guardrails/rule';
import { fromTerraformJson } from '../../lib/guardrails/synthesized-stack';
import type { EnvironmentStacks } from '../../stacks/environment';
import { buildProject } from '../../stacks/project';
import { multiAccount } from '../fixtures';

interface GuardedSynth {
  readonly outdir: string;
  readonly lines: string[];
  readonly error: unknown;
  readonly report: ReturnType<typeof applyGuardrails>['report'];
}

/** Builds the multi-account fixture's app, lets the test change it, applies the guardrails as main.ts does, and synthesizes. */
function synthGuarded(
  change: (environments: EnvironmentStacks[]) => void = () => {},
  rules?: readonly GuardrailRule[],
): GuardedSynth {
  const outdir = mkdtempSync(join(tmpdir(), 'guardrails-'));
  const app = new App({ outdir });
  change(buildProject(app, multiAccount.project));
  const lines: string[] = [];
  const aspect = applyGuardrails(app, { log: (line) => lines.push(line), rules });
  let error: unknown;
  try {
    app.synth();
  } catch (caught) {
    error = caught;
  }
  return { outdir, lines, error, report: aspect.report };
}

function environment(environments: EnvironmentStacks[], name: string): EnvironmentStacks {
  const found = environments.find((env) => env.security.environment.name === name);
  if (!found) throw new Error(`no environment ${name}`);
  return found;
}

function only<T>(scope: IConstruct, type: abstract new (...args: never[]) => T): T {
  const found = scope.node.findAll().filter((c): c is IConstruct & T => c instanceof type);
  if (found.length !== 1) throw new Error(`expected one ${type.name} under ${scope.node.path}, found ${found.length}`);
  return found[0] as T;
}

function messageOf(error: unknown): string {
  expect(error).toBeInstanceOf(GuardrailsError);
  return (error as GuardrailsError).message;
}

let unchanged: GuardedSynth | undefined;
/** The app as it is, with the rule pack: synthesized once for every test that only reads it. */
const synthUnchanged = (): GuardedSynth => {
  unchanged ??= synthGuarded();
  return unchanged;
};

describe('guardrails on the whole app', () => {
  const clean = synthUnchanged();

  it('synthesizes every environment with zero guardrail errors', () => {
    expect(clean.report?.errors.map(formatFinding)).toEqual([]);
    expect(clean.error).toBeUndefined();
  });

  it('prints one summary line with the rule, resource and stack counts', () => {
    expect(clean.lines.filter((line) => line.startsWith('guardrails: '))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^guardrails: ${GUARDRAIL_RULES.length} rules on \\d+ resources in 15 stacks: 0 errors, 0 warnings, \\d+ suppressed`,
        ),
      ),
    ]);
  });

  it('shows the rules exactly the attributes cdktf writes to cdk.tf.json', () => {
    // Rules see attributes only through the accessor; a finding carries the resource as the engine read it.
    const capture = defineRule({
      id: 'Capture',
      severity: 'warning',
      resourceTypes: ['*'],
      enforces: 'nothing',
      fix: 'nothing',
      check: () => nonCompliant('seen', 'nothing'),
    });

    const { outdir, error, report } = synthGuarded(undefined, [capture]);

    expect(error).toBeUndefined();
    const seen = report?.warnings.map((finding) => finding.resource) ?? [];
    const written = JSON.parse(readFileSync(join(outdir, 'stacks/live-app/cdk.tf.json'), 'utf8'));
    const byAddress = (a: SynthesizedResource, b: SynthesizedResource) => a.address.localeCompare(b.address);
    expect(seen.filter((r) => r.stack === 'live-app').sort(byAddress)).toEqual(
      [...fromTerraformJson('live-app', written).resources].sort(byAddress),
    );
  });
});

describe('changes the guardrails stop', () => {
  it('removing key rotation fails synth, naming the key and the fix, and writes no stack', () => {
    const { error, outdir } = synthGuarded((envs) => {
      only(environment(envs, 'test').security, KmsKey).enableKeyRotation = false;
    });

    expect(messageOf(error)).toMatch(
      /KmsKeyRotationEnabled: test-security\/key\/key \(aws_kms_key\.key_\w+\): automatic key rotation is off\. Fix: set enableKeyRotation: true/,
    );
    expect(existsSync(join(outdir, 'stacks/test-security/cdk.tf.json'))).toBe(false);
  });

  it('key rotation given as a Terraform expression fails synth: the rule says it cannot decide', () => {
    const { error } = synthGuarded((envs) => {
      only(environment(envs, 'test').security, KmsKey).addOverride('enable_key_rotation', '${var.rotate_keys}');
    });

    expect(messageOf(error)).toMatch(
      /KmsKeyRotationEnabled: test-security\/key\/key \(aws_kms_key\.key_\w+\): cannot decide: enable_key_rotation is "\$\{var\.rotate_keys\}", which Terraform only knows at apply time/,
    );
  });

  it('a rule that throws fails synth, naming the rule and each resource it failed on', () => {
    const crashing = defineRule({
      id: 'CrashesOnQueues',
      severity: 'warning',
      resourceTypes: ['aws_sqs_queue'],
      enforces: 'a test rule',
      fix: 'nothing to fix',
      check: (resource) => {
        if (resource.stack === 'test-app') throw new RangeError('index out of range');
        return compliant;
      },
    });

    const { error } = synthGuarded(undefined, [crashing]);

    const message = messageOf(error);
    expect(message).toMatch(
      /CrashesOnQueues: test-app\/api\/Default\/dlq\/Default \(aws_sqs_queue\.api_dlq_\w+\): rule failed: the rule threw RangeError: index out of range\. Fix: correct lib\/guardrails\/rules\/CrashesOnQueues\.ts/,
    );
    expect(message).toMatch(/CrashesOnQueues: test-app\/webhook\/Default\/dlq\/Default/);
  });

  it('adding 0.0.0.0/0 egress fails synth, naming the rule resource and the fix', () => {
    const { error } = synthGuarded((envs) => {
      const network = environment(envs, 'uat').network;
      new VpcSecurityGroupEgressRule(network, 'anywhere', {
        securityGroupId: network.outputs.functionSecurityGroupId,
        cidrIpv4: '0.0.0.0/0',
        ipProtocol: '-1',
      });
    });

    expect(messageOf(error)).toMatch(
      /SecurityGroupNoOpenCidr: uat-network\/anywhere \(aws_vpc_security_group_egress_rule\.anywhere\): the security group rule is open to the internet \(egress 0\.0\.0\.0\/0\)\. Fix: use referencedSecurityGroupId/,
    );
  });

  it('adding "Action": "*" to a role policy fails synth', () => {
    const { error } = synthGuarded((envs) => {
      const app = environment(envs, 'live').app;
      new IamRolePolicy(app, 'admin', {
        role: app.outputs.apiInvokerRoleArn,
        policy: policyDocument([{ Sid: 'Everything', Action: '*', Resource: '*' }]),
      });
    });

    const message = messageOf(error);
    expect(message).toMatch(
      /IamNoWildcardActions: live-app\/admin \(aws_iam_role_policy\.admin\): policy statement "Everything" allows "\*"\. Fix: replace the wildcard/,
    );
    expect(message).toMatch(/IamNoWildcardResources: live-app\/admin .*allows \* on every resource/);
  });

  it('adding "Action": "*" to the key policy fails synth', () => {
    const { error } = synthGuarded((envs) => {
      const { security } = environment(envs, 'test');
      const { accountId, region } = security.environment;
      only(security, KmsKey).policy = policyDocument([
        ...environmentKeyPolicy({ namePrefix: security.namePrefix, accountId, region }),
        { Sid: 'Oops', Principal: { AWS: '*' }, Action: '*', Resource: '*' },
      ]);
    });

    const message = messageOf(error);
    expect(message).toMatch(/IamNoWildcardActions: test-security\/key\/key .*statement "Oops" allows "\*"/);
    expect(message).toMatch(
      /KmsKeyPolicyScoped: test-security\/key\/key .*"Oops" lets any principal \(\*\) use kms:Decrypt/,
    );
  });

  it('adding "Action": "*" to a secret policy through an escape hatch fails synth', () => {
    const { error } = synthGuarded((envs) => {
      const policy = environment(envs, 'live')
        .secrets.node.findAll()
        .find((c): c is SecretsmanagerSecretPolicy => c instanceof SecretsmanagerSecretPolicy);
      policy?.addOverride(
        'policy',
        policyDocument([
          { Sid: 'Wide', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: '*', Resource: '*' },
        ]),
      );
    });

    expect(messageOf(error)).toMatch(
      /IamNoWildcardActions: live-secrets\/webhook-secret\/policy\/Default \(aws_secretsmanager_secret_policy\.\S+\): policy statement "Wide" allows "\*"/,
    );
  });

  it('reports every failing stack of every environment in one run', () => {
    const { error, report } = synthGuarded((envs) => {
      for (const env of envs) only(env.security, KmsKey).enableKeyRotation = false;
    });

    expect(error).toBeInstanceOf(GuardrailsError);
    expect(report?.errors.filter((f) => f.ruleId === 'KmsKeyRotationEnabled').map((f) => f.resource.stack)).toEqual([
      'test-security',
      'uat-security',
      'live-security',
    ]);
  });
});

describe('suppressions and warnings in a real synth', () => {
  it('lets a suppressed finding through and lists it with its reason in the summary line', () => {
    const reason = 'test: this environment deliberately keeps a non-rotating key';
    const { report } = synthGuarded((envs) => {
      const key = only(environment(envs, 'test').security, KmsKey);
      key.enableKeyRotation = false;
      suppressGuardrail(key, 'KmsKeyRotationEnabled', reason);
    });
    if (!report) throw new Error('the guardrails did not run');

    expect(report.errors.filter((f) => f.ruleId === 'KmsKeyRotationEnabled')).toEqual([]);
    expect(summaryLine(report)).toContain(`KmsKeyRotationEnabled on test-security/key/key ("${reason}")`);
  });

  it('lists why each webhook signing secret has no rotation schedule (provider-issued or no API to tell the sender)', () => {
    const { report, error } = synthUnchanged();
    if (!report) throw new Error('the guardrails did not run');

    expect(error).toBeUndefined();
    const line = summaryLine(report);
    expect(line).toContain(
      'SecretRotationEnabled on uat-secrets/webhook-secret/secret ("the stripe sender issues this value',
    );
    expect(line).toContain(
      'SecretRotationEnabled on live-secrets/webhook-secret/secret ("the slack sender issues this value',
    );
    expect(line).toContain(
      'SecretRotationEnabled on test-secrets/webhook-secret/secret ("no API tells this github sender a new value',
    );
  });

  it('turns warnings into annotations on the construct and lets synth finish', () => {
    const warnOnQueues = defineRule({
      id: 'QueuesAreNoticed',
      severity: 'warning',
      resourceTypes: ['aws_sqs_queue'],
      enforces: 'a test rule',
      fix: 'nothing to fix',
      check: (resource) => (resource.stack === 'test-app' ? nonCompliant('a queue', 'none') : notApplicable),
    });

    const { error, outdir, lines } = synthGuarded(undefined, [warnOnQueues]);

    expect(error).toBeUndefined();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    const warnings = manifest.stacks['test-app'].annotations.filter(
      (a: { level: string }) => a.level === '@cdktf/warn',
    );
    // One warning on each queue of the stack, whichever functions (and so dead-letter queues) it has.
    const app = JSON.parse(readFileSync(join(outdir, manifest.stacks['test-app'].synthesizedStackPath), 'utf8'));
    const queues = Object.values(
      app.resource.aws_sqs_queue as Record<string, { '//': { metadata: { path: string } } }>,
    );
    expect(queues.length).toBeGreaterThan(0);
    expect(warnings.map((a: { constructPath: string }) => a.constructPath).sort()).toEqual(
      queues.map((q) => q['//'].metadata.path).sort(),
    );
    expect(lines.at(-1)).toMatch(new RegExp(`0 errors, ${queues.length} warnings`));
  });
});
