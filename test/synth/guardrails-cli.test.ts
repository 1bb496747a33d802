// The guardrails at the process level: an app (the single-account fixture) whose guardrails fail exits non-zero
// with the findings on stderr. test/config/ checks that `npm run synth` passes them for your config.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const projectRoot = join(__dirname, '../..');

function runNode(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
    encoding: 'utf8',
  });
}

describe('guardrails in the synth process', () => {
  it('an app that drops key rotation exits non-zero, naming the key and the fix, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrails-cli-'));
    const entry = join(dir, 'broken-app.cjs');
    buildSync({
      stdin: {
        contents: `
          import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
          import { App } from 'cdktf';
          import { singleAccount } from './test/fixtures';
          import { applyGuardrails } from './lib/guardrails';
          import { buildProject } from './stacks/project';
          const app = new App({ outdir: ${JSON.stringify(join(dir, 'out'))} });
          const [sandbox] = buildProject(app, singleAccount.project, ['sandbox']);
          for (const c of sandbox.security.node.findAll()) if (c instanceof KmsKey) c.enableKeyRotation = false;
          applyGuardrails(app);
          app.synth();`,
        resolveDir: projectRoot,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: entry,
      external: ['cdktf', 'constructs'],
      // As if bundled where tools/build/app.mjs puts the app, so the stacks find dist/functions/*.zip.
      define: { __dirname: JSON.stringify(join(projectRoot, 'dist/app')) },
      logLevel: 'error',
    });

    const result = runNode([entry], { NODE_PATH: join(projectRoot, 'node_modules') });

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /KmsKeyRotationEnabled: sandbox-security\/key\/key \(aws_kms_key\.key_\w+\): automatic key rotation is off\. Fix: set enableKeyRotation: true/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
