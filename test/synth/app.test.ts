import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectConfig } from '../../config/environments';
import type { ProjectInput } from '../../config/validate';
import { configWith, type StackJson, synthProject } from '../support/synth';

const projectRoot = join(__dirname, '../..');
const full = synthProject();

/** Replaces machine-specific paths and asset hashes so the snapshot only changes when the infrastructure does. */
function scrub(stack: StackJson | undefined): unknown {
  const text = JSON.stringify(stack, null, 2)
    .replaceAll(projectRoot, '<project>')
    .replace(/assets\/[^"/]+\/[0-9A-F]{32,}/g, 'assets/<asset>/<hash>')
    .replace(/"source_code_hash": "[^"]+"/g, '"source_code_hash": "<hash>"');
  return JSON.parse(text);
}

describe('the synthesized app', () => {
  it('creates one security and one network stack per environment', () => {
    const ids = Object.keys(full.stacks).filter((id) => /-(security|network)$/.test(id));
    expect(ids.sort()).toEqual([
      'dev-network',
      'dev-security',
      'prod-network',
      'prod-security',
      'staging-network',
      'staging-security',
    ]);
  });

  it('orders each environment: network depends on security', () => {
    expect(full.manifest.stacks['prod-network']?.dependencies).toEqual(['prod-security']);
  });

  it.each(['dev', 'staging', 'prod'])('pins %s stacks to their account and tags every resource', (env) => {
    const expectedAccount = projectConfig.environments[env]?.accountId;
    for (const layer of ['security', 'network', 'secrets', 'app']) {
      const provider = full.stacks[`${env}-${layer}`]?.provider?.aws?.[0];
      expect(provider).toMatchObject({
        region: 'eu-west-1',
        allowed_account_ids: [expectedAccount],
        default_tags: [{ tags: { Project: 'acme', Environment: env, Stack: `${env}-${layer}`, ManagedBy: 'cdktf' } }],
      });
    }
  });

  it('wires network to the security outputs through cross-stack references', () => {
    const network = full.stacks['dev-network'];
    const remote = network?.data?.terraform_remote_state?.['cross-stack-reference-input-dev-security'];
    expect(remote).toMatchObject({
      backend: 'local',
      config: { path: expect.stringContaining('terraform.dev-security.tfstate') },
    });
    const security = full.stacks['dev-security'];
    const exported = Object.entries(security?.output ?? {}).filter(([name]) => name.startsWith('cross-stack-output-'));
    // The boundary ARN is fixed (the bootstrap stack owns the policy), so only the key crosses stacks.
    expect(exported.map(([, o]) => o.value).sort()).toEqual(['${aws_kms_key.key_F64E54E4.arn}']);
  });

  it('keeps state locally by default', () => {
    expect(full.stacks['dev-security']?.terraform?.backend).toEqual({
      local: { path: expect.stringContaining('terraform.dev-security.tfstate') },
    });
  });

  it('keeps state in S3 with encryption, a per-stack key and native locking when a bucket is configured', () => {
    const { stacks } = synthProject(configWith('staging', { stateBucket: 'acme-terraform-state' }), ['staging']);
    expect(stacks['staging-network']?.terraform?.backend).toEqual({
      s3: {
        bucket: 'acme-terraform-state',
        key: 'acme/staging-network.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        kms_key_id: 'arn:aws:kms:eu-west-1:222222222222:alias/acme-tfstate',
        use_lockfile: true,
      },
    });
    expect(
      stacks['staging-network']?.data?.terraform_remote_state?.['cross-stack-reference-input-staging-security'],
    ).toMatchObject({
      backend: 's3',
      config: { bucket: 'acme-terraform-state', key: 'acme/staging-security.tfstate', encrypt: true },
    });
  });

  it('synthesizes an environment added with one config entry', () => {
    const input: ProjectInput = {
      ...projectConfig,
      environments: {
        ...projectConfig.environments,
        qa: { accountId: '444444444444', region: 'us-east-2', cidr: '10.40.0.0/16' },
      },
    };
    const { stacks } = synthProject(input, ['qa']);
    expect(Object.keys(stacks)).toEqual(expect.arrayContaining(['qa-security', 'qa-network']));
  });

  it.each(['dev', 'prod'])('matches the reviewed %s snapshot', (env) => {
    for (const layer of ['security', 'network', 'secrets', 'app']) {
      expect(scrub(full.stacks[`${env}-${layer}`])).toMatchSnapshot(layer);
    }
  });
});

describe('synth from the command line', () => {
  it('stops with the field and the fix when the environment is unknown', () => {
    const result = spawnSync(process.execPath, ['scripts/app.mjs'], {
      cwd: projectRoot,
      env: { ...process.env, CDKTF_ENVIRONMENTS: 'qa', CDKTF_OUTDIR: join(full.outdir, 'cli') },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown environment "qa" (known: dev, staging, prod)');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace for a config error
  });
});
