// The subset of the CloudWatch Logs JSON filter syntax the template's metric filters use, to check them against
// real log lines: `{ $.key = "text" && $.key = 123 }`.

/**
 * Whether a parsed JSON log line matches `pattern`. Anything outside the subset throws, so a filter written in
 * other syntax needs this matcher (and its tests) extended first.
 */
export function matchesFilter(pattern: string, line: Readonly<Record<string, unknown>>): boolean {
  const inner = /^\{\s*(.+?)\s*\}$/.exec(pattern)?.[1];
  if (inner === undefined) throw new Error(`not a JSON filter pattern: ${pattern}`);
  return inner.split('&&').every((term) => {
    const match = /^\s*\$\.(\w+)\s*=\s*(?:"([^"]*)"|(-?\d+))\s*$/.exec(term);
    if (!match) throw new Error(`unsupported filter term "${term}" in ${pattern}`);
    const [, key = '', text, number] = match;
    return text !== undefined ? line[key] === text : line[key] === Number(number);
  });
}

/** The metrics of `metrics` (name -> pattern) that each line counts, per line. */
export function metricsCounted(
  metrics: Readonly<Record<string, string>>,
  lines: readonly Readonly<Record<string, unknown>>[],
): string[][] {
  return lines.map((line) =>
    Object.entries(metrics)
      .filter(([, pattern]) => matchesFilter(pattern, line))
      .map(([metric]) => metric),
  );
}
