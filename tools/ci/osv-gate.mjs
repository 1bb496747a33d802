#!/usr/bin/env node
// Reads osv-scanner's JSON report (run with --format=json --all-packages) and decides CI's verdict:
//   - fails (exit 1) when any finding is high or critical: osv-scanner's max_severity (the highest CVSS base score of
//     the finding's advisories) of 7.0 or more, or, when no CVSS score is given, an advisory whose database rates it
//     HIGH or CRITICAL (GitHub's advisories do);
//   - fails (exit 2) when the report is missing or did not scan every source it had to: package-lock.json and each
//     dist/functions/<name>/sbom.cdx.json that lists packages, so a scanner that crashed or skipped a file cannot pass;
//   - prints every finding, lower ones too, one line each: severity, advisory id and aliases, package@version, the
//     fixed version when the advisory names one, and where it was found.
// Usage: node tools/ci/osv-gate.mjs osv-results.json
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** CVSS base score from which a finding fails CI (CVSS v3/v4 "high" starts at 7.0). */
export const FAILING_SCORE = 7.0;
const FAILING_RATINGS = new Set(['HIGH', 'CRITICAL']);

/** The sources the scan must have read, relative to the project root. */
export function expectedSources(root = projectRoot) {
  const functionsDir = join(root, 'dist/functions');
  const sboms = existsSync(functionsDir)
    ? readdirSync(functionsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(functionsDir, d.name, 'sbom.cdx.json')))
        .map((d) => `dist/functions/${d.name}/sbom.cdx.json`)
        .filter((file) => JSON.parse(readFileSync(join(root, file), 'utf8')).components?.length > 0)
    : [];
  return ['package-lock.json', ...sboms.sort()];
}

function fixedVersions(vulnerability, packageName) {
  return (vulnerability.affected ?? [])
    .filter((a) => a.package?.name === packageName)
    .flatMap((a) => a.ranges ?? [])
    .flatMap((r) => r.events ?? [])
    .map((e) => e.fixed)
    .filter(Boolean);
}

/** One finding per alias group and package: what to print and whether it fails the build. */
export function findingsOf(report) {
  const findings = [];
  for (const result of report.results ?? []) {
    for (const { package: pkg, vulnerabilities = [], groups = [] } of result.packages ?? []) {
      for (const group of groups) {
        const advisories = vulnerabilities.filter((v) => group.ids.includes(v.id));
        const score = group.max_severity ? Number(group.max_severity) : undefined;
        const ratings = advisories
          .map((v) => String(v.database_specific?.severity ?? '').toUpperCase())
          .filter(Boolean);
        const rating = ['CRITICAL', 'HIGH', 'MODERATE', 'MEDIUM', 'LOW'].find((r) => ratings.includes(r));
        const fails =
          score !== undefined && !Number.isNaN(score) ? score >= FAILING_SCORE : FAILING_RATINGS.has(rating);
        const fixed = [...new Set(advisories.flatMap((v) => fixedVersions(v, pkg.name)))];
        findings.push({
          ids: group.ids,
          aliases: (group.aliases ?? []).filter((a) => !group.ids.includes(a)),
          package: `${pkg.name}@${pkg.version}`,
          severity: score !== undefined && !Number.isNaN(score) ? `CVSS ${score.toFixed(1)}` : (rating ?? 'unrated'),
          fixed,
          source: result.source?.path ?? '?',
          fails,
        });
      }
    }
  }
  return findings;
}

/** The expected sources the report does not mention (paths in the report are absolute, inside the scanner's container). */
export function missingSources(report, expected) {
  const scanned = (report.results ?? []).map((r) => String(r.source?.path ?? '').replaceAll('\\', '/'));
  return expected.filter((file) => !scanned.some((path) => path === file || path.endsWith(`/${file}`)));
}

export function formatFinding(f) {
  const also = f.aliases.length > 0 ? ` (${f.aliases.join(', ')})` : '';
  const fix = f.fixed.length > 0 ? `fixed in ${f.fixed.join(', ')}` : 'no fixed version yet';
  return `${f.fails ? 'FAIL' : 'warn'} ${f.severity.padEnd(9)} ${f.ids.join(', ')}${also}  ${f.package}  ${fix}  [${f.source}]`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file || !existsSync(file)) {
    process.stderr.write(`osv-gate: no scan report at ${file ?? '(none given)'}: the scanner did not run or crashed\n`);
    process.exit(2);
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const missing = missingSources(report, expectedSources());
  if (missing.length > 0) {
    process.stderr.write(`osv-gate: the scan did not read ${missing.join(', ')}; check the scanner's arguments\n`);
    process.exit(2);
  }
  const findings = findingsOf(report);
  for (const finding of findings) process.stdout.write(`${formatFinding(finding)}\n`);
  const failing = findings.filter((f) => f.fails);
  process.stdout.write(
    `osv-gate: ${findings.length} finding(s), ${failing.length} high or critical; ` +
      `${failing.length > 0 ? 'failing' : 'passing'} (fails from CVSS ${FAILING_SCORE.toFixed(1)} or a HIGH/CRITICAL rating)\n`,
  );
  process.exit(failing.length > 0 ? 1 : 0);
}
