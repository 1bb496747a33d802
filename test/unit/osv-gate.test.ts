// tools/ci/osv-gate.mjs decides CI's verdict on osv-scanner's JSON report: high and critical findings fail, lower ones
// are printed, and a report that skipped a source it had to read fails too.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callEsm } from '../support/esm';

const GATE = 'tools/ci/osv-gate.mjs';

interface Finding {
  readonly ids: string[];
  readonly aliases: string[];
  readonly package: string;
  readonly severity: string;
  readonly fixed: string[];
  readonly source: string;
  readonly fails: boolean;
}

function advisory(id: string, packageName: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    aliases: [`CVE-2026-${id.length}000`],
    affected: [{ package: { name: packageName }, ranges: [{ events: [{ introduced: '0' }, { fixed: '9.9.9' }] }] }],
    ...extra,
  };
}

/** A report in osv-scanner's JSON shape: one package per source, each with one advisory group. */
function report(groups: readonly { source: string; maxSeverity: string; rating?: string }[]) {
  return {
    results: groups.map(({ source, maxSeverity, rating }, i) => ({
      source: { path: `/github/workspace/${source}`, type: 'lockfile' },
      packages: [
        {
          package: { name: `pkg-${i}`, version: '1.0.0', ecosystem: 'npm' },
          vulnerabilities: [
            advisory(`GHSA-${i}`, `pkg-${i}`, rating ? { database_specific: { severity: rating } } : {}),
          ],
          groups: [
            {
              ids: [`GHSA-${i}`],
              aliases: [`GHSA-${i}`, `CVE-2026-${`GHSA-${i}`.length}000`],
              max_severity: maxSeverity,
            },
          ],
        },
      ],
    })),
  };
}

function findings(input: unknown): Finding[] {
  const result = callEsm<Finding[]>(GATE, 'findingsOf', input);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('findingsOf', () => {
  it('fails a finding whose CVSS score is 7.0 or more, and only warns below', () => {
    const [high, medium] = findings(
      report([
        { source: 'package-lock.json', maxSeverity: '7.0' },
        { source: 'package-lock.json', maxSeverity: '6.9' },
      ]),
    );

    expect(high).toMatchObject({ fails: true, severity: 'CVSS 7.0', package: 'pkg-0@1.0.0', fixed: ['9.9.9'] });
    expect(medium).toMatchObject({ fails: false, severity: 'CVSS 6.9' });
  });

  it('falls back to the advisory database’s rating when there is no CVSS score', () => {
    const [critical, moderate, unrated] = findings(
      report([
        { source: 'package-lock.json', maxSeverity: '', rating: 'CRITICAL' },
        { source: 'package-lock.json', maxSeverity: '', rating: 'MODERATE' },
        { source: 'package-lock.json', maxSeverity: '' },
      ]),
    );

    expect(critical).toMatchObject({ fails: true, severity: 'CRITICAL' });
    expect(moderate).toMatchObject({ fails: false, severity: 'MODERATE' });
    expect(unrated).toMatchObject({ fails: false, severity: 'unrated' });
  });

  it('names the aliases other than the group’s own ids and where the package was found', () => {
    const [finding] = findings(report([{ source: 'dist/functions/api/sbom.cdx.json', maxSeverity: '9.8' }]));

    expect(finding).toMatchObject({
      ids: ['GHSA-0'],
      aliases: ['CVE-2026-6000'],
      source: '/github/workspace/dist/functions/api/sbom.cdx.json',
    });
  });

  it('finds nothing in a clean report', () => {
    expect(findings({ results: [{ source: { path: '/x/package-lock.json' }, packages: [{ package: {} }] }] })).toEqual(
      [],
    );
  });
});

describe('missingSources', () => {
  it('lists the expected files the report never mentions', () => {
    const scanned = report([{ source: 'package-lock.json', maxSeverity: '' }]);

    expect(callEsm(GATE, 'missingSources', scanned, ['package-lock.json', 'dist/functions/api/sbom.cdx.json'])).toEqual(
      { ok: true, value: ['dist/functions/api/sbom.cdx.json'] },
    );
  });
});

describe('expectedSources', () => {
  it('expects the lock file and every function SBOM that lists packages', () => {
    const root = mkdtempSync(join(tmpdir(), 'osv-gate-'));
    for (const [name, components] of [
      ['api', [{ purl: 'pkg:npm/pg@8.23.1' }]],
      ['empty', []],
    ] as const) {
      mkdirSync(join(root, 'dist/functions', name), { recursive: true });
      writeFileSync(join(root, 'dist/functions', name, 'sbom.cdx.json'), JSON.stringify({ components }));
    }

    expect(callEsm(GATE, 'expectedSources', root)).toEqual({
      ok: true,
      value: ['package-lock.json', 'dist/functions/api/sbom.cdx.json'],
    });
  });
});

describe('the command', () => {
  it('exits 2, saying the scanner did not run, when the report is missing', () => {
    const result = spawnSync(process.execPath, [join(__dirname, '../..', GATE), '/nonexistent/osv.json'], {
      encoding: 'utf8',
    });

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no scan report .* did not run or crashed/);
  });
});
