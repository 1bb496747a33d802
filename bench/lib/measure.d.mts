// Types of measure.mjs for bench scripts written in TypeScript (bench/verify.ts).

export declare const projectRoot: string;
export declare const workDir: string;

export interface MeasuredRun {
  /** Spawn to exit, milliseconds. */
  readonly wallMs: number;
  /** Peak of the summed RSS of the whole process tree, bytes. */
  readonly peakTreeRss: number;
  /** Peak RSS of the largest single process of the tree, bytes. */
  readonly peakProcessRss: number;
  readonly peakProcesses: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export declare function isMain(metaUrl: string): boolean;
export declare function runMeasured(
  command: string,
  args: readonly string[],
  options?: { cwd?: string; env?: Record<string, string>; allowFailure?: boolean },
): Promise<MeasuredRun>;
export declare function median(values: readonly number[]): number;
export declare function mib(bytes: number): string;
export declare function kib(bytes: number): string;
export declare function seconds(ms: number): string;
export declare function millis(ms: number): string;
export declare function ratio(baseline: number, project: number): string;
export declare function machine(): string;
export declare function markdownTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string;
export declare const SUMMARY_HEADERS: readonly string[];

/** One row of the summary table in bench/RESULTS.md. */
export interface SummaryRow {
  readonly figure: string;
  readonly project: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly goal: string;
  /** true: goal met, false: missed, null: no goal. */
  readonly met: boolean | null;
}

/** Prints the script's tables and, under `npm run bench`, writes them to $BENCH_JSON for bench/RESULTS.md. */
export declare function report(result: {
  title: string;
  details?: { headers: readonly string[]; rows: readonly (readonly unknown[])[] };
  summary: readonly SummaryRow[];
  notes?: readonly string[];
}): void;
export declare function metLabel(met: boolean | null): string;
/** Value of `--name N` on the command line, else `fallback`. */
export declare function numberArg(name: string, fallback: number): number;
export declare function ensureDir(path: string): string;
