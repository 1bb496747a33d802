// The rooms of the layout (README, "Layout"): imports point one way. The library (lib/) builds on nothing of the
// app (main.ts, stacks/, functions/) or of a team's settings (config/), and nothing outside test/ imports test/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '../..');
const SOURCE = /\.(ts|mts|mjs|cjs|js)$/;
const SKIPPED = new Set([
  'node_modules',
  'dist',
  'cdktf.out',
  '.venv',
  '.git',
  '.work',
  '.test-run',
  '.tools',
  'vendor',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) ? [path] : [];
  });
}

/** Every relative module a file imports or requires, as a path from the project root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm),
  ];
  return specifiers.map(([, spec]) => relative(root, resolve(dirname(file), spec as string)));
}

const inRoom = (path: string, rooms: readonly string[]) =>
  rooms.some((room) => path === room || path.startsWith(`${room}/`) || path.startsWith(`${room}.`));

describe('the layout', () => {
  it('keeps the library free of the app and of the settings it is configured with', () => {
    const files = sourceFiles(join(root, 'lib'));
    const wrong = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => inRoom(target, ['main', 'stacks', 'functions', 'config', 'test', 'ops', 'tools']))
        .map((target) => `${relative(root, file)} imports ${target}`),
    );

    expect(files.length).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it('lets nothing outside test/ import from test/', () => {
    const outside = sourceFiles(root).filter((file) => !relative(root, file).startsWith('test/'));
    const wrong = outside.flatMap((file) =>
      importsOf(file)
        .filter((target) => inRoom(target, ['test']))
        .map((target) => `${relative(root, file)} imports ${target}`),
    );

    expect(outside.length).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });
});
