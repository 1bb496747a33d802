#!/usr/bin/env node
// Reading load: how many lines a newcomer reads to add a function. Counts the README's "Add a function" section,
// plus every repository file it names: by path (in its prose or its snippet), and, for each identifier it puts in
// backticks in its prose (`BundledFunction`, a guardrail id), the file that defines it. A path the newcomer writes
// rather than reads (functions/report/handler.ts) names no existing file and counts nothing; folders count nothing.
// Usage: node bench/reading-load.mjs
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMain, projectRoot, report } from './lib/measure.mjs';

const SECTION = 'Add a function';
const GOAL_LINES = 500;
const PATH = /(?:^|[\s`'"(])(\.?[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*\.(?:ts|mjs|js|json|ya?ml|md))\b/g;
const IDENTIFIER = /`([A-Za-z_][A-Za-z0-9_]*)`/g;
const SOURCE_FOLDERS = ['lib', 'stacks', 'functions', 'config', 'ops', 'tools'];

const lineCount = (text) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** The README's section titled `title` (any heading level), up to the next heading of the same or a higher level. */
export function readmeSection(readme, title) {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => /^#{2,6} /.test(line) && line.replace(/^#+ /, '').trim() === title);
  if (start < 0) throw new Error(`README.md has no section "${title}": bench/reading-load.mjs follows its title`);
  const level = /^#+/.exec(lines[start])[0].length;
  let end = start + 1;
  let fenced = false;
  for (; end < lines.length; end++) {
    if (lines[end].trimStart().startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^(#+) /.exec(lines[end]);
    if (heading && heading[1].length <= level) break;
  }
  return lines.slice(start, end).join('\n').trimEnd();
}

/** Prose of a Markdown text: fenced code blocks dropped. */
function prose(markdown) {
  let fenced = false;
  return markdown
    .split('\n')
    .filter((line) => {
      if (line.trimStart().startsWith('```')) fenced = !fenced;
      return !fenced && !line.trimStart().startsWith('```');
    })
    .join('\n');
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The file that exports `name` (a class, function, constant, type or guardrail rule), or undefined. */
function definingFile(name, files) {
  const declaration = new RegExp(`export\\s+(?:abstract\\s+)?(?:class|function|const|interface|type)\\s+${name}\\b`);
  return files.find((file) => declaration.test(readFileSync(file, 'utf8')));
}

/** The files `section` sends a newcomer to, each with its line count and why it is counted. */
export function namedFiles(section, root = projectRoot) {
  const named = new Map();
  for (const match of section.matchAll(PATH)) {
    const path = join(root, match[1]);
    if (existsSync(path) && statSync(path).isFile()) named.set(relative(root, path), `named: ${match[1]}`);
  }
  const files = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(join(root, folder)));
  for (const [, name] of prose(section).matchAll(IDENTIFIER)) {
    // A file the section already names that defines it (its model handler) is where a newcomer reads it.
    const file = definingFile(name, [...[...named.keys()].map((f) => join(root, f)), ...files]);
    if (file && !named.has(relative(root, file))) named.set(relative(root, file), `defines \`${name}\``);
  }
  return [...named].map(([file, why]) => ({ file, why, lines: lineCount(readFileSync(join(root, file), 'utf8')) }));
}

export function benchReadingLoad() {
  const section = readmeSection(readFileSync(join(projectRoot, 'README.md'), 'utf8'), SECTION);
  const files = namedFiles(section);
  const sectionLines = lineCount(section);
  const total = sectionLines + files.reduce((sum, f) => sum + f.lines, 0);
  return {
    title: 'Reading load',
    details: {
      headers: ['what', 'lines', 'why it counts'],
      rows: [
        [`README.md, "${SECTION}"`, sectionLines, 'the section itself'],
        ...files.map((f) => [f.file, f.lines, f.why]),
        ['total', total, `${files.length + 1} files`],
      ],
    },
    summary: [
      {
        figure: `lines a newcomer reads to add a function (README "${SECTION}" and the files it names)`,
        project: `${total} lines in ${files.length + 1} files`,
        baseline: '-',
        ratio: '-',
        goal: `<= ${GOAL_LINES}`,
        met: total <= GOAL_LINES,
      },
    ],
    notes: [
      'Counted: the section, every existing file it names by path, and the file that defines each identifier it puts in backticks in its prose. Files a newcomer writes, folders and commands count nothing.',
    ],
  };
}

if (isMain(import.meta.url)) report(benchReadingLoad());
