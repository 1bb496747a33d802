// Calls an export of one of the project's ES modules (tools/**/*.mjs) from a jest test: jest's CommonJS loader cannot
// require them, so a child node imports the module, calls the export with JSON arguments and prints the JSON result.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** What `callEsm` returns: the export's JSON-serialised result, or the message of the error it threw. */
export type EsmResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Calls `exportName(...args)` of `modulePath` (relative to the project root) in a child node process. */
export function callEsm<T>(modulePath: string, exportName: string, ...args: readonly unknown[]): EsmResult<T> {
  const script = `
    const m = await import(${JSON.stringify(join(ROOT, modulePath))});
    const args = JSON.parse(process.argv[1]);
    try {
      const value = await m[${JSON.stringify(exportName)}](...args);
      process.stdout.write(JSON.stringify({ ok: true, value: value instanceof Map ? Object.fromEntries(value) : value }));
    } catch (error) {
      process.stdout.write(JSON.stringify({ ok: false, error: error.message }));
    }`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(args)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`node failed calling ${modulePath} ${exportName}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as EsmResult<T>;
}
