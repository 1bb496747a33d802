// The rooms of the layout (README, "Layout"): imports point one way. The library (lib/) builds on nothing of the
// app (main.ts, stacks/, functions/) or of a team's settings (config/), nothing outside test/ imports test/, and of
// the tests and figures only the suite of your config (test/config/) loads config/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** The file an import path (from the project root, without its extension) names, as bundlers resolve it. */
function moduleFile(path: string): string | undefined {
  return [path, `${path}.ts`, `${path}.mjs`, `${path}.js`, `${path}/index.ts`]
    .map((candidate) => join(root, candidate))
    .find((file) => existsSync(file) && statSync(file).isFile());
}

/**
 * Commands whose module imports config/ only as the default for the process (`npm run <command>`); the tests call
 * their functions with a fixture, so what config/ holds never reaches an assertion.
 */
const COMMANDS_WITH_CONFIG_DEFAULT = new Set(['ops/encrypt', 'ops/webhook-secret']);

/** The chain of imports from `file` to config/, or undefined when loading `file` never loads config/. */
function configChain(file: string, seen = new Set<string>()): string[] | undefined {
  seen.add(file);
  for (const target of importsOf(file)) {
    if (inRoom(target, ['config'])) return [relative(root, file), target];
    if (COMMANDS_WITH_CONFIG_DEFAULT.has(target)) continue;
    const next = moduleFile(target);
    if (!next || seen.has(next)) continue;
    const chain = configChain(next, seen);
    if (chain) return [relative(root, file), ...chain];
  }
  return undefined;
}

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

  it("loads config/ only in the suite of your config: the template's tests and figures use fixtures", () => {
    const files = ['test', 'bench']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((file) => !relative(root, file).startsWith('test/config/'));
    const loading = files.flatMap((file) => configChain(file)?.join(' -> ') ?? []);

    expect(files.length).toBeGreaterThan(0);
    expect(loading).toEqual([]);
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
