// One Node.js major for everything: the Lambda runtime, the esbuild target of the bundles, .nvmrc (what the
// tooling, .ci/run and the workflows run on) and the workflows' NODE_VERSION. Bumping one without the others fails
// here, naming the file to change. Also checks tools/node/ensure-node.sh, which provisions that major from npm.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LAMBDA_NODE_MAJOR, LAMBDA_RUNTIME } from '../../stacks/function-defaults';

const ROOT = join(__dirname, '../..');
const nvmrcMajor = Number(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim().replace(/^v/, '').split('.')[0]);

describe('the Node.js major', () => {
  it('is the same in .nvmrc and in the Lambda runtime (stacks/function-defaults.ts)', () => {
    expect(LAMBDA_RUNTIME).toBe(`nodejs${LAMBDA_NODE_MAJOR}.x`);
    expect(nvmrcMajor).toBe(LAMBDA_NODE_MAJOR);
  });

  it('is the esbuild target of the function bundles (scripts/build-functions.mjs)', () => {
    // build-functions.mjs is an ES module, which jest's CommonJS loader cannot require: ask node.
    const target = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(join(ROOT, 'scripts/build-functions.mjs'))}); process.stdout.write(m.FUNCTION_BUNDLE_OPTIONS.target)`,
      ],
      { encoding: 'utf8' },
    );

    expect(target).toBe(`node${LAMBDA_NODE_MAJOR}`);
  });

  it.each(readdirSync(join(ROOT, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f)))(
    'is the NODE_VERSION of .github/workflows/%s',
    (file) => {
      const workflow = parse(readFileSync(join(ROOT, '.github/workflows', file), 'utf8')) as {
        env?: { NODE_VERSION?: string };
      };
      const text = readFileSync(join(ROOT, '.github/workflows', file), 'utf8');
      if (!text.includes('actions/setup-node@')) return; // a workflow without Node has nothing to agree on

      expect(workflow.env?.NODE_VERSION).toBe(String(nvmrcMajor));
    },
  );

  it("is admitted by package.json's engines, whose floor is at least Node.js 22.19 (CDK Terrain's CLI)", () => {
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } })
      .engines.node;
    const floor = /^>=(\d+)\.(\d+)$/.exec(engines);

    expect(floor).not.toBeNull();
    const [major, minor] = [Number(floor?.[1]), Number(floor?.[2])];
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(22 * 1000 + 19);
    expect(major).toBeLessThanOrEqual(nvmrcMajor);
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
