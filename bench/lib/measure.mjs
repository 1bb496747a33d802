// Shared by the bench scripts: run a command while sampling the memory of its whole process tree, medians,
// machine facts and the markdown tables every script prints. Linux only (peak RSS is read from /proc).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Scratch space for generated apps and synth outputs (gitignored). */
export const workDir = resolve(projectRoot, 'bench/.work');

const PAGE_SIZE = 4096;
const SAMPLE_INTERVAL_MS = 10;

/** True when the module at `metaUrl` is the script node was asked to run. */
export function isMain(metaUrl) {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(metaUrl);
}

function readParentPid(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: the fields after the last ')' are fixed.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function readRssBytes(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_SIZE;
  } catch {
    return 0;
  }
}

/**
 * Tracks the descendants of one process by polling /proc. Each tick finds new processes whose parent is in the
 * tree and sums the resident set size of every live member: the sum counts pages shared between processes
 * (node's own binary, for example) once per process, so it is an upper bound of the memory the tree holds.
 */
class TreeSampler {
  #members = new Set();
  #parents = new Map();
  peakTreeRss = 0;
  peakProcessRss = 0;
  peakProcesses = 0;

  constructor(rootPid) {
    this.#members.add(rootPid);
  }

  sample() {
    let pids;
    try {
      pids = readdirSync('/proc').filter((name) => name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57);
    } catch {
      return;
    }
    const live = new Set(pids.map(Number));
    // Adding children may reveal grandchildren listed earlier in /proc, so repeat until nothing new joins.
    for (let grew = true; grew; ) {
      grew = false;
      for (const pid of live) {
        if (this.#members.has(pid)) continue;
        if (!this.#parents.has(pid)) this.#parents.set(pid, readParentPid(pid));
        if (this.#members.has(this.#parents.get(pid))) {
          this.#members.add(pid);
          grew = true;
        }
      }
    }
    let total = 0;
    let processes = 0;
    for (const pid of this.#members) {
      if (!live.has(pid)) continue;
      const rss = readRssBytes(pid);
      total += rss;
      processes += rss > 0 ? 1 : 0;
      this.peakProcessRss = Math.max(this.peakProcessRss, rss);
    }
    this.peakTreeRss = Math.max(this.peakTreeRss, total);
    this.peakProcesses = Math.max(this.peakProcesses, processes);
  }
}

/**
 * Runs `command args` and resolves with its wall time (ms, from spawn to exit), the peak summed RSS of its
 * process tree and of its largest single process (bytes, sampled every 10 ms), its exit code and output.
 * Rejects when the command fails, with its stderr.
 */
export function runMeasured(command, args, { cwd = projectRoot, env = {}, allowFailure = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = new TreeSampler(child.pid);
    sampler.sample();
    const timer = setInterval(() => sampler.sample(), SAMPLE_INTERVAL_MS);
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const result = {
        wallMs,
        peakTreeRss: sampler.peakTreeRss,
        peakProcessRss: sampler.peakProcessRss,
        peakProcesses: sampler.peakProcesses,
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      };
      if (code !== 0 && !allowFailure) {
        const tail = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-30).join('\n');
        reject(new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited with ${code}:\n${tail}`));
        return;
      }
      resolvePromise(result);
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`;
export const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
export const ratio = (baseline, project) => `${(baseline / project).toFixed(1)}x`;

/** The machine a figure was measured on, as one table cell. */
export function machine() {
  const ramGiB = Math.round(os.totalmem() / 2 ** 30);
  const load = os.loadavg()[0].toFixed(2);
  const date = new Date().toISOString().slice(0, 10);
  return `${os.cpus().length} cores, ${ramGiB} GiB, node ${process.version}, ${date}, load ${load}`;
}

export function markdownTable(headers, rows) {
  const line = (cells) => `| ${cells.map((cell) => String(cell).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const SUMMARY_HEADERS = ['figure', 'this project', 'baseline', 'ratio', 'goal', 'met', 'machine'];

/**
 * Prints a script's detail table and summary rows, and writes the summary as JSON to $BENCH_JSON when
 * `npm run bench` asked for it. Each summary row: { figure, project, baseline, ratio, goal, met }.
 */
export function report({ title, details, summary, notes = [] }) {
  const where = machine();
  const rows = summary.map((row) => ({ ...row, machine: where }));
  const out = [`## ${title}`, ''];
  if (details) out.push(markdownTable(details.headers, details.rows), '');
  out.push(
    markdownTable(
      SUMMARY_HEADERS,
      rows.map((r) => [r.figure, r.project, r.baseline, r.ratio, r.goal, metLabel(r.met), r.machine]),
    ),
  );
  if (notes.length) out.push('', ...notes.map((note) => `- ${note}`));
  process.stdout.write(`${out.join('\n')}\n`);
  if (process.env.BENCH_JSON) {
    mkdirSync(dirname(process.env.BENCH_JSON), { recursive: true });
    writeFileSync(process.env.BENCH_JSON, JSON.stringify({ title, details, rows, notes }, null, 2));
  }
}

export function metLabel(met) {
  if (met === true) return 'yes';
  if (met === false) return '**no**';
  return '-';
}

/** Value of `--name N` on the command line, else `fallback`. */
export function numberArg(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function ensureDir(path) {
  if (!existsSync(path)) mkdirSync(path, { recursive: true });
  return path;
}
