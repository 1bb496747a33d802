// Your config: config/environments.ts and config/delivery.ts, whatever they say. The only tests that read config/;
// everything here must hold for ANY valid config, so a fork's edits (a new environment, a database switched on,
// another webhook scheme, a new project name) keep `npm test` green while a broken or unsafe edit turns it red.
// The template's own behaviour is tested on the fixtures under test/fixtures/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { deliveryConfig } from '../../config/delivery';
import { projectConfig } from '../../config/environments';
import {
  bootstrapTargets,
  environmentDelivery,
  sampleRepositoryProblem,
  validateDelivery,
} from '../../lib/config/delivery';
import type { EnvironmentConfig } from '../../lib/config/types';
import { validateProject } from '../../lib/config/validate';
import { applyGuardrails, EXPOSURE_TAG, formatFinding } from '../../lib/guardrails';
import { buildBootstrap } from '../../stacks/bootstrap-stack';
import { buildGitHub } from '../../stacks/github-stack';
import { buildProject } from '../../stacks/project';
import { policyOf, resourcesOf, type StackJson } from '../support/synth';

const projectRoot = join(__dirname, '../..');
const project = validateProject(projectConfig);
// While config/delivery.ts names the sample repository, synth leaves the bootstrap and github stacks out (main.ts).
const sample = deliveryConfig && sampleRepositoryProblem(deliveryConfig);
const delivery = sample ? undefined : deliveryConfig;
const LAYERS = ['security', 'network', 'secrets', 'app', 'monitoring'];

interface GuardedApp {
  readonly stacks: Record<string, StackJson>;
  readonly errors: string[];
  readonly warnings: string[];
}

/**
 * Builds what main.ts builds (all environments unless `bootstrapOnly`, and one account's bootstrap stack), with the
 * guardrails, and synthesizes.
 */
function synthYours(bootstrapFor: readonly string[], bootstrapOnly = false): GuardedApp {
  const outdir = mkdtempSync(join(tmpdir(), 'your-config-'));
  const app = new App({ outdir });
  if (!bootstrapOnly) buildProject(app, projectConfig);
  if (delivery) {
    buildBootstrap(app, projectConfig, delivery, bootstrapFor);
    if (!bootstrapOnly) buildGitHub(app, projectConfig, delivery);
  }
  const aspect = applyGuardrails(app, { log: () => undefined });
  app.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  const stacks: Record<string, StackJson> = {};
  for (const [id, entry] of Object.entries<{ synthesizedStackPath: string }>(manifest.stacks)) {
    stacks[id] = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), 'utf8'));
  }
  return {
    stacks,
    errors: aspect.report?.errors.map(formatFinding) ?? ['the guardrails did not run'],
    warnings: aspect.report?.warnings.map(formatFinding) ?? [],
  };
}

// The first environment of each account: one bootstrap stack per account, each synthesized with the guardrails on.
const accounts = delivery ? bootstrapTargets(project) : [];
const first = synthYours(accounts[0]?.environments[0] ? [accounts[0].environments[0].name] : []);
const bootstraps = accounts.slice(1).map((target) => synthYours([target.environments[0]?.name ?? ''], true));
const stacks = first.stacks;

/** Every resource of the given types in the environment's stacks, as [stack, name, attributes]. */
function resourcesIn(env: EnvironmentConfig, ...types: string[]): Array<[string, string, Record<string, unknown>]> {
  return LAYERS.flatMap((layer) => {
    const id = `${env.name}-${layer}`;
    return types.flatMap((type) =>
      Object.entries(resourcesOf(stacks[id], type)).map(([name, r]) => [id, name, r] as [string, string, typeof r]),
    );
  });
}

describe('your config (config/environments.ts, config/delivery.ts)', () => {
  it('is valid', () => {
    expect(project.environments.length).toBeGreaterThan(0);
    // The sample repository is refused before anything else (next test), so its settings are not checked further:
    // they leave out the ids its (default) id-based subject needs, which your repository's settings must add.
    if (delivery) expect(() => environmentDelivery(project, validateDelivery(delivery))).not.toThrow();
  });

  it('bootstraps only a repository of yours: the sample repository is refused with one line', () => {
    if (!sample) return;
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'your-config-')) });

    expect(() => buildBootstrap(app, projectConfig, deliveryConfig ?? { github: {} as never })).toThrow(sample);
    expect(sample).not.toContain('\n');
  });

  it('synthesizes with zero guardrail errors and warnings, bootstrap stacks included', () => {
    for (const synth of [first, ...bootstraps]) {
      expect(synth.errors).toEqual([]);
      expect(synth.warnings).toEqual([]);
    }
  });

  it('has one bootstrap stack per account when delivery is configured', () => {
    const bootstrapped = [first, ...bootstraps].map((s) => s.stacks.bootstrap?.provider?.aws?.[0]?.allowed_account_ids);
    expect(bootstrapped).toEqual(accounts.map((a) => [a.accountId]));
  });
});

describe.each(project.environments.map((env) => [env.name, env] as const))('your environment %s', (_name, env) => {
  it('synthesizes its five stacks, each pinned to its account and region', () => {
    for (const layer of LAYERS) {
      const stack = stacks[`${env.name}-${layer}`];
      expect(stack).toBeDefined();
      expect(stack?.provider?.aws?.[0]).toMatchObject({ region: env.region, allowed_account_ids: [env.accountId] });
    }
  });

  it('wires every alarm to its alarm topic', () => {
    const alarms = resourcesIn(env, 'aws_cloudwatch_metric_alarm');
    expect(alarms.length).toBeGreaterThan(0);
    for (const [, , alarm] of alarms) {
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.alarm-topic_\w+\.arn\}$/)]);
    }
  });

  it('rotates every KMS key', () => {
    const keys = resourcesIn(env, 'aws_kms_key');
    expect(keys.length).toBeGreaterThan(0);
    for (const [, , key] of keys) expect(key.enable_key_rotation).toBe(true);
  });

  it('opens no security group to an address range', () => {
    for (const [, , rule] of resourcesIn(
      env,
      'aws_vpc_security_group_ingress_rule',
      'aws_vpc_security_group_egress_rule',
      'aws_security_group_rule',
    )) {
      expect(rule.cidr_ipv4 ?? rule.cidr_ipv6 ?? rule.cidr_blocks).toBeUndefined();
    }
    for (const [, , group] of resourcesIn(env, 'aws_security_group')) {
      expect(group.ingress ?? group.egress).toBeUndefined();
    }
  });

  it('lets a function URL skip IAM only for a function that verifies signatures (Exposure=public-signed)', () => {
    const functions = Object.fromEntries(resourcesIn(env, 'aws_lambda_function').map(([, name, f]) => [name, f]));
    for (const [, , url] of resourcesIn(env, 'aws_lambda_function_url')) {
      expect(['AWS_IAM', 'NONE']).toContain(url.authorization_type);
      if (url.authorization_type !== 'NONE') continue;
      const target = /aws_lambda_function\.([\w-]+)\./.exec(String(url.function_name))?.[1] ?? '';
      expect((functions[target]?.tags as Record<string, string> | undefined)?.[EXPOSURE_TAG]).toBe('public-signed');
    }
  });

  it('encrypts every log group, secret and parameter with its own key and keeps logs for the configured days', () => {
    for (const [, , group] of resourcesIn(env, 'aws_cloudwatch_log_group')) {
      expect(group.kms_key_id).toEqual(expect.any(String));
      expect(group.retention_in_days).toBe(env.logRetentionDays);
    }
    for (const [, , secret] of resourcesIn(env, 'aws_secretsmanager_secret')) {
      expect(secret.kms_key_id).toEqual(expect.any(String));
    }
    for (const [, , parameter] of resourcesIn(env, 'aws_ssm_parameter')) {
      expect(parameter.type).toBe('SecureString');
    }
  });

  it('bounds every role and grants no wildcard principal', () => {
    for (const [, , role] of resourcesIn(env, 'aws_iam_role')) {
      expect(role.permissions_boundary).toEqual(expect.any(String));
      for (const statement of policyOf(role.assume_role_policy).Statement) {
        expect(JSON.stringify(statement.Principal ?? {})).not.toMatch(/"\*"/);
      }
    }
  });

  it(env.database.enabled ? 'has one private, encrypted database' : 'has no database (not enabled)', () => {
    const databases = resourcesIn(env, 'aws_db_instance');
    expect(databases).toHaveLength(env.database.enabled ? 1 : 0);
    for (const [, , db] of databases) {
      expect(db).toMatchObject({
        publicly_accessible: false,
        storage_encrypted: true,
        deletion_protection: env.production,
      });
    }
  });
});

describe('npm run synth with your config', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'your-synth-'));
  const result = spawnSync(process.execPath, ['tools/build/app.mjs'], {
    cwd: projectRoot,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });

  it('exits 0 and prints the clean guardrails summary on stdout, not as an error', () => {
    expect(result.stdout).toMatch(/^guardrails: \d+ rules on \d+ resources in \d+ stacks: 0 errors, 0 warnings/m);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('prints one line per stack written, and the folder', () => {
    const ids = readdirSync(join(outdir, 'stacks'));
    const wrote = result.stdout.split('\n').filter((line) => line.startsWith('wrote '));
    expect(wrote.map((line) => /stacks\/([^/]+)\/cdk\.tf\.json$/.exec(line)?.[1]).sort()).toEqual(ids.sort());
    expect(result.stdout).toContain(`synth: ${ids.length} stacks written to `);
  });

  it('writes every environment stack, and the bootstrap and github stacks when delivery is configured', () => {
    const written = readdirSync(join(outdir, 'stacks')).sort();
    const expected = project.environments.flatMap((env) => LAYERS.map((layer) => `${env.name}-${layer}`));
    expect(written).toEqual([...expected, ...(delivery ? ['bootstrap', 'github'] : [])].sort());
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
  });

  it('stops with the known environments and no stack trace when asked for an unknown one', () => {
    const unknown = spawnSync(process.execPath, ['tools/build/app.mjs'], {
      cwd: projectRoot,
      env: { ...process.env, CDKTF_ENVIRONMENTS: 'no-such-env', CDKTF_OUTDIR: join(outdir, 'unknown') },
      encoding: 'utf8',
    });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(
      `unknown environment "no-such-env" (known: ${project.environments.map((e) => e.name).join(', ')})`,
    );
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
