// `terraform validate` of synthesized stacks: one root module per check, one init, one validate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SynthResult } from '../synth';
import { type ProviderSource, resolveAwsProvider, terraformEnv, terraformInit } from './aws-provider';
import { prepareValidationRoot } from './stack-workspace';
import { runTerraform, type TerraformCli } from './terraform-cli';

/** One error or warning from `terraform validate -json`. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { readonly filename: string };
}

export interface ValidateOutcome {
  readonly valid: boolean;
  readonly errors: readonly Diagnostic[];
  /** Compatibility removals made before validating (see workarounds.ts). */
  readonly notes: readonly string[];
}

let source: Promise<ProviderSource> | undefined;

/** The provider source, resolved once per test process; its temp folder goes when the process exits. */
export function providerSource(): Promise<ProviderSource> {
  if (source === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'terraform-cli-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    source = resolveAwsProvider(dir, join(__dirname, '../../../.test-run/terraform-plugin-cache'));
  }
  return source;
}

/** Validates `stacks` (each `{ prefix, synth, stackId }`) as modules of one root. */
export async function validateStacks(
  cli: TerraformCli,
  stacks: readonly { readonly prefix: string; readonly synth: SynthResult; readonly stackId: string }[],
): Promise<ValidateOutcome> {
  const provider = await providerSource();
  const { dir, notes } = prepareValidationRoot(stacks, mkdtempSync(join(tmpdir(), 'validate-')), provider);
  try {
    return await validateRoot(cli, dir, provider, notes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function validateRoot(
  cli: TerraformCli,
  dir: string,
  provider: ProviderSource,
  notes: readonly string[],
): Promise<ValidateOutcome> {
  const env = terraformEnv(provider);
  await terraformInit(cli, provider, ['-backend=false', '-input=false', '-no-color'], {
    cwd: dir,
    env,
    what: 'terraform init for validate',
  });
  const result = await runTerraform(cli, ['validate', '-json', '-no-color'], { cwd: dir, env });
  let parsed: { valid: boolean; diagnostics: Diagnostic[] };
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw new Error(`terraform validate printed no JSON (exit ${result.code}):\n${result.stderr || result.stdout}`);
  }
  return { valid: parsed.valid, errors: parsed.diagnostics.filter((d) => d.severity === 'error'), notes };
}

/** A diagnostic as one line: the stack (module folder), the summary and the first line of the detail. */
export function describeDiagnostic(d: Diagnostic): string {
  const where = d.range?.filename ? `${d.range.filename.split('/')[0]}: ` : '';
  return `${where}${d.summary}${d.detail ? ` (${d.detail.split('\n')[0]})` : ''}`;
}
