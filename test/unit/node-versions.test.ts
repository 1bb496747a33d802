// Two Node.js majors, each kept in one place and checked here, so bumping one file without the others fails, naming
// the file to change:
//   - the functions' runtime: LAMBDA_RUNTIME (nodejs24.x), the esbuild target of the bundles, and ci.yml, whose tests
//     run the built bundles, so they run on the major Lambda runs;
//   - the tooling's: .nvmrc (22), deploy.yml and package.json's engines. The cdktf CLI (plan, deploy) loads a terminal
//     library whose binaries stop at Node.js 22, so the tooling cannot move to 24 while the project is on cdktf.
// Also checks tools/node/ensure-node.sh, which provisions the .nvmrc major from npm.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LAMBDA_NODE_MAJOR, LAMBDA_RUNTIME } from '../../lib/constructs/lambda-runtime';

const ROOT = join(__dirname, '../..');
const nvmrcMajor = Number(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim().replace(/^v/, '').split('.')[0]);
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies?: Record<string, string>;
};

/** The Node.js major each workflow sets up, and why. A new workflow that sets up Node must be added here. */
const WORKFLOW_NODE: Readonly<Record<string, { major: number; why: string }>> = {
  'ci.yml': { major: LAMBDA_NODE_MAJOR, why: "the functions' runtime: its tests run the bundles" },
  'deploy.yml': { major: nvmrcMajor, why: '.nvmrc: it runs the cdktf CLI' },
};

/** Node-API ABI version (process.versions.modules) of each Node.js major the template has used. */
const NODE_ABI: Readonly<Record<number, number>> = { 20: 115, 22: 127, 24: 137 };

describe("the functions' Node.js major", () => {
  it('names the Lambda runtime (lib/constructs/lambda-runtime.ts)', () => {
    expect(LAMBDA_RUNTIME).toBe(`nodejs${LAMBDA_NODE_MAJOR}.x`);
  });

  it('is the esbuild target of the function bundles (tools/build/build-functions.mjs)', () => {
    // build-functions.mjs is an ES module, which jest's CommonJS loader cannot require: ask node.
    const target = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(join(ROOT, 'tools/build/build-functions.mjs'))}); process.stdout.write(m.FUNCTION_BUNDLE_OPTIONS.target)`,
      ],
      { encoding: 'utf8' },
    );

    expect(target).toBe(`node${LAMBDA_NODE_MAJOR}`);
  });
});

describe('the workflows', () => {
  const withNode = readdirSync(join(ROOT, '.github/workflows'))
    .filter((file) => /\.ya?ml$/.test(file))
    .filter((file) => readFileSync(join(ROOT, '.github/workflows', file), 'utf8').includes('actions/setup-node@'));

  it.each(withNode)('set up the Node.js major chosen for .github/workflows/%s', (file) => {
    const workflow = parse(readFileSync(join(ROOT, '.github/workflows', file), 'utf8')) as {
      env?: { NODE_VERSION?: string };
    };
    const expected = WORKFLOW_NODE[file];
    if (!expected) throw new Error(`${file} sets up Node.js: add it to WORKFLOW_NODE with the major it needs and why`);

    expect({ file, NODE_VERSION: workflow.env?.NODE_VERSION }).toEqual({ file, NODE_VERSION: String(expected.major) });
  });
});

describe("the tooling's Node.js major (.nvmrc)", () => {
  it("is admitted by package.json's engines, whose floor is Node.js 22.19 or newer (CDK Terrain's CLI)", () => {
    const floor = /^>=(\d+)\.(\d+)$/.exec(packageJson.engines.node);

    expect(floor).not.toBeNull();
    const [major, minor] = [Number(floor?.[1]), Number(floor?.[2])];
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(22 * 1000 + 19);
    expect(major).toBeLessThanOrEqual(nvmrcMajor);
  });

  it('is one the cdktf CLI runs on: its terminal library ships a binary for that major', () => {
    const cliOnCdktf = 'cdktf-cli' in (packageJson.devDependencies ?? {});
    const abi = NODE_ABI[nvmrcMajor];
    if (abi === undefined) throw new Error(`add Node.js ${nvmrcMajor}'s ABI (process.versions.modules) to NODE_ABI`);
    const prebuilds = join(ROOT, 'node_modules/@cdktf/node-pty-prebuilt-multiarch/prebuilds/linux-x64');

    // After `npm run migrate:cdktn` the CLI is cdktn-cli, which has no such library: nothing to check.
    expect(!cliOnCdktf || existsSync(join(prebuilds, `node.abi${abi}.node`))).toBe(true);
  });
});

describe('tools/node/ensure-node.sh', () => {
  const packageName = `node-${process.platform}-${process.arch}`;

  /** A copy of the script in a temp checkout with `.nvmrc` 24, and a folder holding a fake `node` of `major`. */
  function sandbox(pathNodeMajor: number): { root: string; pathBin: string } {
    const root = mkdtempSync(join(tmpdir(), 'ensure-node-'));
    mkdirSync(join(root, 'tools/node'), { recursive: true });
    copyFileSync(join(ROOT, 'tools/node/ensure-node.sh'), join(root, 'tools/node/ensure-node.sh'));
    writeFileSync(join(root, '.nvmrc'), '24\n');
    const pathBin = join(root, 'path-bin');
    fakeNode(pathBin, pathNodeMajor);
    return { root, pathBin };
  }

  function fakeNode(dir: string, major: number): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'node'), `#!/bin/sh\necho ${major}\n`);
    chmodSync(join(dir, 'node'), 0o755);
  }

  function ensure(root: string, pathBin: string): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync('bash', [join(root, 'tools/node/ensure-node.sh')], {
      encoding: 'utf8',
      env: { PATH: `${pathBin}:/usr/bin:/bin`, HOME: root },
    });
    return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
  }

  it('keeps the node on PATH when its major is the one in .nvmrc or newer', () => {
    const { root, pathBin } = sandbox(26);

    expect(ensure(root, pathBin)).toMatchObject({ status: 0, stdout: pathBin });
  });

  it('uses the copy in .tools/node/<major> when the node on PATH is older', () => {
    const { root, pathBin } = sandbox(20);
    const installed = join(root, '.tools/node/24/node_modules', packageName, 'bin');
    fakeNode(installed, 24);

    expect(ensure(root, pathBin)).toMatchObject({ status: 0, stdout: installed });
  });
});
