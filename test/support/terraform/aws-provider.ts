// Where `terraform init` gets the AWS provider in the tests: from the registry at the project's constraint when the
// registry answers, else from the newest version in a local filesystem mirror (machine images without network
// carry one), in which case the stacks run in compatibility mode (see provider-compat in emulator-workarounds.ts).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AWS_PROVIDER_VERSION } from '../../../lib/environment-stack';
import { versionAtLeast } from '../../../ops/env-stacks-lib';
import { withDirectoryLock } from '../directory-lock';
import { type TerraformCli, type TerraformResult, terraformOrThrow } from './terraform-cli';

const PROVIDER_ADDRESS = 'registry.terraform.io/hashicorp/aws';
/** Oldest provider the stacks are written for: the lower bound of AWS_PROVIDER_VERSION. */
export const MINIMUM_AWS_PROVIDER = /^>=\s*(\d+\.\d+\.\d+)/.exec(AWS_PROVIDER_VERSION)?.[1] ?? '0.0.0';

/** Where the provider comes from and the CLI configuration that makes Terraform take it from there. */
export interface ProviderSource {
  readonly kind: 'registry' | 'mirror';
  /** Version constraint written into every stack: the project's own, or the mirror's exact version. */
  readonly constraint: string;
  /** The provider is older than the stacks need: strip the newer arguments (emulator-workarounds.ts). */
  readonly compatibility: boolean;
  /** TF_CLI_CONFIG_FILE for every terraform command. */
  readonly cliConfigFile: string;
  /** The shared plugin cache the CLI configuration names (registry only). */
  readonly pluginCacheDir?: string;
  /** One line for the test log. */
  readonly summary: string;
}

/** Folders a filesystem mirror is usually in; TF_PROVIDER_MIRROR names another. */
function mirrorCandidates(): string[] {
  return [
    process.env.TF_PROVIDER_MIRROR,
    '/opt/tf-plugins',
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
    join(homedir(), '.terraform.d/plugins'),
    join(homedir(), '.local/share/terraform/plugins'),
  ].filter((dir): dir is string => Boolean(dir));
}

const PLATFORM = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;

/** Versions of the AWS provider in a mirror (unpacked `<v>/<os_arch>/` or packed `..._<v>_<os_arch>.zip`). */
function mirrorVersions(root: string): string[] {
  const dir = join(root, PROVIDER_ADDRESS);
  if (!existsSync(dir)) return [];
  const versions: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (/^\d+\.\d+\.\d+$/.test(entry) && existsSync(join(dir, entry, PLATFORM))) versions.push(entry);
    const packed = new RegExp(`^terraform-provider-aws_(\\d+\\.\\d+\\.\\d+)_${PLATFORM}\\.zip$`).exec(entry);
    if (packed?.[1]) versions.push(packed[1]);
  }
  return versions;
}

/** The newest mirrored version across the candidate folders. */
export function findMirror(): { root: string; version: string } | undefined {
  let best: { root: string; version: string } | undefined;
  for (const root of mirrorCandidates()) {
    for (const version of mirrorVersions(root)) {
      if (!best || !versionAtLeast(best.version, version)) best = { root, version };
    }
  }
  return best;
}

/** Whether the public registry lists a provider version the stacks accept, within `timeoutMs`. */
function registryAnswers(timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      'https://registry.terraform.io/v1/providers/hashicorp/aws/versions',
      { method: 'GET', timeout: timeoutMs },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => {
          try {
            const versions: { version: string }[] = JSON.parse(body).versions ?? [];
            resolve(versions.some((v) => versionAtLeast(v.version, MINIMUM_AWS_PROVIDER)));
          } catch {
            resolve(false);
          }
        });
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/**
 * Decides the provider source once per run and writes the CLI configuration into `workDir`. Registry: the
 * project's constraint and a shared plugin cache (one download for every stack). Mirror: its newest version,
 * linked from the mirror (no copy), in compatibility mode when older than the stacks need.
 * TF_AWS_PROVIDER_SOURCE=mirror skips the registry probe.
 */
export async function resolveAwsProvider(workDir: string, pluginCacheDir: string): Promise<ProviderSource> {
  mkdirSync(workDir, { recursive: true });
  const cliConfigFile = join(workDir, 'terraform.tfrc');
  const forceMirror = process.env.TF_AWS_PROVIDER_SOURCE === 'mirror';
  if (!forceMirror && (await registryAnswers())) {
    mkdirSync(pluginCacheDir, { recursive: true });
    writeFileSync(cliConfigFile, `plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}\n`);
    return {
      kind: 'registry',
      constraint: AWS_PROVIDER_VERSION,
      compatibility: false,
      cliConfigFile,
      pluginCacheDir,
      summary: `AWS provider from the registry (${AWS_PROVIDER_VERSION})`,
    };
  }
  const mirror = findMirror();
  if (!mirror) {
    throw new Error(
      `the Terraform registry does not answer and no filesystem mirror of ${PROVIDER_ADDRESS} was found in ` +
        `${mirrorCandidates().join(', ')} (set TF_PROVIDER_MIRROR to its folder)`,
    );
  }
  writeFileSync(
    cliConfigFile,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror.root)}`,
      `    include = [${JSON.stringify(PROVIDER_ADDRESS)}]`,
      '  }',
      '  direct {',
      `    exclude = [${JSON.stringify(PROVIDER_ADDRESS)}]`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const compatibility = !versionAtLeast(mirror.version, MINIMUM_AWS_PROVIDER);
  return {
    kind: 'mirror',
    constraint: mirror.version,
    compatibility,
    cliConfigFile,
    summary:
      `AWS provider ${mirror.version} from the mirror ${mirror.root} (registry unreachable)` +
      (compatibility ? `, compatibility mode: the stacks want ${AWS_PROVIDER_VERSION}` : ''),
  };
}

/** The environment every terraform command of the tests runs with. */
export function terraformEnv(source: ProviderSource, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: source.cliConfigFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    ...extra,
  };
}

/**
 * `terraform init <args>` in `cwd`. With the registry's shared plugin cache, one init at a time on the machine: the
 * cache is not safe for concurrent installs (Terraform's documentation says so; parallel inits fail with "the cached
 * package ... does not match any of the checksums", hashicorp/terraform#31964), and the test workers init in
 * parallel. After the first init fills the cache, each later one only links from it.
 */
export function terraformInit(
  cli: TerraformCli,
  source: ProviderSource,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly what: string },
): Promise<TerraformResult> {
  const init = () => terraformOrThrow(cli, ['init', ...args], options);
  return source.pluginCacheDir ? withDirectoryLock(`${source.pluginCacheDir}.lock`, init) : init();
}
