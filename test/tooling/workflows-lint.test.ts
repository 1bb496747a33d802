// Runs the three workflow linters (actionlint, zizmor, action-validator) through `npm run lint:workflows`.
// The first run builds actionlint with `go install` (about 45 s, needs Go and the Go module proxy); without Go
// the script fails with a message saying so: nothing is skipped quietly.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const INSTALL_TIMEOUT_MS = 240_000;

function lint(files: readonly string[] = []): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'tools/ci/lint-workflows.mjs'), ...files], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm run lint:workflows', () => {
  it(
    'reports nothing on the repository workflows',
    () => {
      const { status, output } = lint();

      expect(output).toMatch(/^ok {3}actionlint v1\.7\.\d+/m);
      expect(output).toMatch(/^ok {3}zizmor$/m);
      expect(output).toMatch(/^ok {3}action-validator$/m);
      expect(status).toBe(0);
    },
    INSTALL_TIMEOUT_MS,
  );

  it(
    'fails, with every linter reporting, on a workflow that breaks their rules',
    () => {
      const file = join(mkdtempSync(join(tmpdir(), 'workflow-')), 'bad.yml');
      writeFileSync(
        file,
        [
          'on: pull_request_target',
          'jobs:',
          '  build:',
          '    runs-on: ubuntu-24.04',
          '    steps:',
          '      - uses: actions/checkout@v4',
          '      - run: echo "${{ github.event.pull_request.title }}"',
          '        unknown-key: 1',
        ].join('\n'),
      );

      const { status, output } = lint([file]);

      expect(output).toMatch(/^FAIL actionlint/m);
      expect(output).toMatch(/^FAIL zizmor/m);
      expect(output).toMatch(/^FAIL action-validator/m);
      expect(output).toContain('template-injection');
      expect(status).toBe(1);
    },
    INSTALL_TIMEOUT_MS,
  );
});
