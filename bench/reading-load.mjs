#!/usr/bin/env node
// Reading load: how many lines a newcomer reads to add a function. Starts at the README's "Add a function" section,
// follows its links to a section of another page (the walkthrough in docs/extending.md) and counts those sections,
// plus every repository file they name: by path (in their prose or snippets; a Markdown link is resolved from its
// page, as a click is), and, for each identifier they put in backticks in their prose (`BundledFunction`, a
// guardrail id), the file that defines it. A path the newcomer writes rather than reads
// (functions/report/handler.ts) names no existing file and counts nothing; folders count nothing.
// Usage: node bench/reading-load.mjs
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isMain, projectRoot, report } from './lib/measure.mjs';

const SECTION = 'Add a function';
const GOAL_LINES = 500;
const PATH = /(?:^|[\s`'"(])(\.?[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*\.(?:ts|mjs|js|json|ya?ml|md))\b/g;
const IDENTIFIER = /`([A-Za-z_][A-Za-z0-9_]*)`/g;
/** A Markdown link `[text](target)`; a target with `#anchor` on another page is a section to follow. */
const LINK = /\]\(([^)\s]+)\)/g;
const SOURCE_FOLDERS = ['lib', 'stacks', 'functions', 'config', 'ops', 'tools'];

const lineCount = (text) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** GitHub's anchor for a heading's text: lower case, punctuation dropped, spaces as dashes. */
const anchorOf = (heading) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/**
 * The section of `markdown` whose heading (any level) `isHeading` accepts, up to the next heading of the same or a
 * higher level; undefined when no heading matches.
 */
function markdownSection(markdown, isHeading) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{1,6} /.test(line) && isHeading(line.replace(/^#+ /, '').trim()));
  if (start < 0) return undefined;
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

/**
 * What a newcomer reads as text: the README's section titled `title`, then each section of another page it links to
 * (`page.md#anchor`), each as `{ file, text }` with `file` relative to `root`. A missing section or page is an error,
 * naming it: the figure must follow the documentation, not silently shrink.
 */
export function readSections(title = SECTION, root = projectRoot) {
  const readme = markdownSection(readFileSync(join(root, 'README.md'), 'utf8'), (heading) => heading === title);
  if (readme === undefined) {
    throw new Error(`README.md has no section "${title}": bench/reading-load.mjs follows its title`);
  }
  const sections = [{ file: 'README.md', text: readme }];
  for (const [, target] of prose(readme).matchAll(LINK)) {
    const [path = '', anchor] = target.split('#', 2);
    if (!path.endsWith('.md') || anchor === undefined) continue;
    const file = relative(root, join(root, path));
    if (!existsSync(join(root, file))) throw new Error(`README.md, "${title}", links to ${file}, which is missing`);
    const text = markdownSection(readFileSync(join(root, file), 'utf8'), (heading) => anchorOf(heading) === anchor);
    if (text === undefined) throw new Error(`README.md, "${title}", links to ${target}: no heading makes #${anchor}`);
    if (!sections.some((s) => s.file === file && s.text === text)) sections.push({ file, text });
  }
  return sections;
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
  if (!existsSync(dir)) return [];
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

/**
 * The files `sections` send a newcomer to, each with its line count and why it is counted. A page whose section is
 * already counted as text is not counted again as a whole file.
 */
export function namedFiles(sections, root = projectRoot) {
  const read = new Set(sections.map((s) => s.file));
  const named = new Map();
  const name = (file, why) => {
    const path = join(root, file);
    if (!read.has(file) && !named.has(file) && existsSync(path) && statSync(path).isFile()) named.set(file, why);
  };
  for (const { file, text } of sections) {
    for (const match of text.matchAll(PATH)) name(relative(root, join(root, match[1])), `named: ${match[1]}`);
    for (const [, target] of prose(text).matchAll(LINK)) {
      const [path = ''] = target.split('#', 1);
      if (path && !/^[a-z][a-z0-9+.-]*:/i.test(path)) {
        name(relative(root, join(root, dirname(file), decodeURIComponent(path))), `linked: ${target}`);
      }
    }
  }
  const files = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(join(root, folder)));
  for (const [, identifier] of sections.flatMap((s) => [...prose(s.text).matchAll(IDENTIFIER)])) {
    // A file the sections already name that defines it (its model handler) is where a newcomer reads it.
    const file = definingFile(identifier, [...[...named.keys()].map((f) => join(root, f)), ...files]);
    if (file) name(relative(root, file), `defines \`${identifier}\``);
  }
  return [...named].map(([file, why]) => ({ file, why, lines: lineCount(readFileSync(join(root, file), 'utf8')) }));
}

export function benchReadingLoad() {
  const sections = readSections();
  const files = namedFiles(sections);
  const sectionRows = sections.map((s, index) => [
    `${s.file}, "${s.text.split('\n')[0].replace(/^#+ /, '')}"`,
    lineCount(s.text),
    index === 0 ? 'the section itself' : 'the section the README links to',
  ]);
  const read = new Set(sections.map((s) => s.file)).size + files.length;
  const total = [...sectionRows.map((row) => row[1]), ...files.map((f) => f.lines)].reduce((a, b) => a + b, 0);
  return {
    title: 'Reading load',
    details: {
      headers: ['what', 'lines', 'why it counts'],
      rows: [...sectionRows, ...files.map((f) => [f.file, f.lines, f.why]), ['total', total, `${read} files`]],
    },
    summary: [
      {
        figure: `lines a newcomer reads to add a function (README "${SECTION}", the walkthrough it links to and the files they name)`,
        project: `${total} lines in ${read} files`,
        baseline: '-',
        ratio: '-',
        goal: `<= ${GOAL_LINES}`,
        met: total <= GOAL_LINES,
      },
    ],
    notes: [
      'Counted: the README section, each section of another page it links to, every existing file they name by path or link to, and the file that defines each identifier they put in backticks in their prose. Files a newcomer writes, folders and commands count nothing.',
    ],
  };
}

if (isMain(import.meta.url)) report(benchReadingLoad());
