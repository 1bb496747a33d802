// The Terraform CLI as the tests use it: found on PATH, version-checked, run with its output captured.
import { spawn, spawnSync } from 'node:child_process';
import { MINIMUM_TERRAFORM_VERSION } from '../../../lib/environment-stack';
import { terraformVersionFrom, terraformVersionProblem } from '../../../ops/env-stacks-lib';

/** A usable Terraform binary. */
export interface TerraformCli {
  readonly bin: string;
  readonly version: string;
}

/**
 * The `terraform` on PATH, or why there is none usable (one line: what is missing and what to do). Tests skip with
 * that line; they never download Terraform.
 */
export function findTerraform(): TerraformCli | { readonly missing: string } {
  const probe = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error || probe.status !== 0) {
    return { missing: `terraform is not on PATH (install Terraform >= ${MINIMUM_TERRAFORM_VERSION})` };
  }
  const version = terraformVersionFrom(probe.stdout);
  const problem = terraformVersionProblem(version);
  if (problem) return { missing: problem };
  return { bin: 'terraform', version };
}

/** What one Terraform command printed and how it ended. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `terraform <args>` in `cwd`; never rejects, the caller reads the exit code. */
export function runTerraform(
  cli: TerraformCli,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): Promise<TerraformResult> {
  return new Promise((resolve) => {
    const child = spawn(cli.bin, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) => resolve({ code: 1, stdout, stderr: `${stderr}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The last `count` lines of what a failed command printed: its stderr, or its stdout when stderr is empty. */
export function lastLines(result: TerraformResult, count: number): string {
  return (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-count).join('\n');
}

/** Runs a command and throws with its diagnostics when it fails. */
export async function terraformOrThrow(
  cli: TerraformCli,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly what: string },
): Promise<TerraformResult> {
  const result = await runTerraform(cli, args, options);
  if (result.code !== 0) {
    throw new Error(`${options.what} failed (terraform ${args[0]} in ${options.cwd}):\n${lastLines(result, 60)}`);
  }
  return result;
}
