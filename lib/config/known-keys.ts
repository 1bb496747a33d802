// Which keys config/environments.ts may use. A misspelled key (`azcount`, `reservedConcurency`) would otherwise be
// dropped silently and its default used. The tables are typed against the config interfaces, so adding a field to
// lib/config/types.ts without adding it here fails `tsc` naming the field: one line per new field.
import type { EnvironmentConfig } from './types';

/**
 * `true` for a key whose value is not checked inside (scalars, lists, maps), or a nested table for an object whose
 * own keys are checked too.
 */
export type KeyTable<T> = {
  readonly [K in keyof T]-?: true | NestedTable<Exclude<NonNullable<T[K]>, boolean>>;
};

/** The nested table of an object-valued setting; `false | { ... }` settings (`webhook.delivery`) check the object. */
type NestedTable<V> = [V] extends [never]
  ? never
  : V extends readonly unknown[]
    ? never
    : V extends object
      ? KeyTable<V>
      : never;

/** The keys of one environment (its name is the key in `environments`, not a field). */
export const ENVIRONMENT_KEYS: KeyTable<Omit<EnvironmentConfig, 'name'>> = {
  accountId: true,
  region: true,
  production: true,
  cidr: true,
  azCount: true,
  vpcEndpoints: true,
  logRetentionDays: true,
  keyDeletionWindowDays: true,
  stateBucket: true,
  webhook: {
    scheme: true,
    toleranceSeconds: true,
    maxBodyBytes: true,
    reservedConcurrency: true,
    secretSource: true,
    previousSecretGraceHours: true,
    githubHook: { kind: true, target: true, hookId: true, apiUrl: true },
    operatorPrincipals: true,
    operatorTrust: { requireMfa: true, requireSourceIdentity: true },
    delivery: { dedupeDays: true },
  },
  api: {
    reservedConcurrency: true,
    invokerTrustedPrincipals: true,
    invokerTrust: { requireMfa: true, requireSourceIdentity: true },
    signingKeyCiphertext: true,
  },
  secrets: { rotationDays: true, recoveryWindowDays: true },
  alarms: { emails: true, httpsEndpoint: true },
  budget: { monthlyUsd: true, recipients: true },
  database: {
    enabled: true,
    instanceClass: true,
    allocatedStorageGb: true,
    engineVersion: true,
    databaseName: true,
    appUsername: true,
  },
};

/** The top-level keys of the project input. */
export const PROJECT_KEYS = { name: true, environments: true } as const;

/** Edit distance between two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The known key `key` was most likely meant to be, if any is close. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  const ranked = known.map((k) => ({ k, d: distance(lower, k.toLowerCase()) })).sort((x, y) => x.d - y.d);
  const best = ranked[0];
  return best && best.d <= Math.max(2, Math.floor(key.length / 4)) ? best.k : undefined;
}

/**
 * One problem per key of `value` that `table` does not list, recursing into nested tables. `at` prefixes each
 * message with where the key is (e.g. `environment "dev": webhook`).
 */
export function unknownKeyProblems(
  value: unknown,
  table: Readonly<Record<string, unknown>>,
  at: (path: string) => string,
  path = '',
): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const known = Object.keys(table);
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    const entry = table[key];
    if (entry === undefined) {
      const hint = closestKey(key, known);
      problems.push(
        `${at(field)} is not a known setting${hint ? ` (did you mean "${path ? `${path}.` : ''}${hint}"?)` : ''}; known here: ${known.join(', ')}`,
      );
    } else if (entry !== true) {
      problems.push(...unknownKeyProblems(child, entry as Record<string, unknown>, at, field));
    }
  }
  return problems;
}
