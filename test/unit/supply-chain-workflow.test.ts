// ci.yml's supply-chain job: osv-scanner reads the lock file and every function SBOM, and tools/ci/osv-gate.mjs, not
// the scanner's own exit code, decides (high and critical fail; a source left unread fails).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, string>>;
  readonly 'continue-on-error'?: boolean;
}
const ci = parse(readFileSync(join(__dirname, '../../.github/workflows/ci.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};
const steps = ci.jobs['supply-chain']?.steps ?? [];
const index = (match: (s: Step) => boolean) => steps.findIndex(match);

describe('ci.yml supply-chain job', () => {
  const build = index((s) => s.run === 'npm run build:functions');
  const scan = index((s) => s.uses?.startsWith('google/osv-scanner-action/osv-scanner-action@') ?? false);
  const gate = index((s) => s.run?.startsWith('node tools/ci/osv-gate.mjs ') ?? false);

  it('builds the bundles (and so the SBOMs), scans, then lets the gate decide, in that order', () => {
    expect(build).toBeGreaterThanOrEqual(0);
    expect(scan).toBeGreaterThan(build);
    expect(gate).toBeGreaterThan(scan);
  });

  it('scans the lock file and the git-ignored dist/functions into the JSON report the gate reads', () => {
    const args = (steps[scan]?.with?.['scan-args'] ?? '').split('\n');
    const report = args.find((a) => a.startsWith('--output-file='))?.slice('--output-file='.length);

    expect(args).toEqual(
      expect.arrayContaining([
        '--format=json',
        '--all-packages',
        '--config=osv-scanner.toml',
        '--lockfile=package-lock.json',
        '--no-ignore',
      ]),
    );
    // One config for every scanned file: osv-scanner would otherwise look for one beside each file.
    expect(existsSync(join(__dirname, '../../osv-scanner.toml'))).toBe(true);
    expect(args.at(-1)).toBe('dist/functions');
    expect(steps[gate]?.run).toBe(`node tools/ci/osv-gate.mjs ${report}`);
  });

  it('lets only the scanner step continue on error (it exits non-zero on any finding, however low)', () => {
    expect(steps.filter((s) => s['continue-on-error']).map((s) => s.uses)).toEqual([steps[scan]?.uses]);
  });
});
