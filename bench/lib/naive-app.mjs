// Writes a copy of the app set up the way a fresh cdktf project usually is: every provider class imported from
// the `@cdktf/provider-aws` barrel and the app run by ts-node with type-checking on (`npx ts-node main.ts`,
// cdktf's own template). Same main.ts, config and stacks; only the import lines change, so both produce the
// same stacks. Used by bench/synth.mjs as its baseline.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from './measure.mjs';

const PROVIDER_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@cdktf\/provider-aws\/lib\/([a-z0-9-]+)';\n?/g;
const requireFromProject = createRequire(join(projectRoot, 'package.json'));

/** `kms-key` -> `kmsKey`: the name the barrel exports each resource module under. */
export function barrelNamespace(moduleName) {
  return moduleName.replace(/-([a-z0-9])/g, (_, letter) => letter.toUpperCase());
}

/**
 * Rewrites every deep provider import of one source file to the barrel, keeping every imported name usable
 * as a value and as a type: `const KmsKey = aws.kmsKey.KmsKey; type KmsKey = aws.kmsKey.KmsKey;`.
 */
export function rewriteToBarrel(source) {
  const declarations = [];
  const rewritten = source.replace(PROVIDER_IMPORT, (_, typeOnlyImport, specifiers, moduleName) => {
    const namespace = barrelNamespace(moduleName);
    const exported = requireFromProject(`@cdktf/provider-aws/lib/${moduleName}`);
    for (const raw of specifiers.split(',')) {
      const specifier = raw.trim();
      if (!specifier) continue;
      const typeOnly = Boolean(typeOnlyImport) || specifier.startsWith('type ');
      const [name, local = name] = specifier.replace(/^type\s+/, '').split(/\s+as\s+/);
      if (!typeOnly && name in exported) declarations.push(`const ${local} = aws.${namespace}.${name};`);
      declarations.push(`type ${local} = aws.${namespace}.${name};`);
    }
    return '';
  });
  if (declarations.length === 0) return source;
  // Declarations go after the last import so the file still reads imports first.
  const lines = rewritten.split('\n');
  let lastImport = -1;
  for (const [index, line] of lines.entries())
    if (/^import\s/.test(line) || /^\}\s+from\s/.test(line)) lastImport = index;
  lines.splice(lastImport + 1, 0, ...declarations);
  return [`import * as aws from '@cdktf/provider-aws';`, ...lines].join('\n');
}

function copyRewritten(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyRewritten(source, target);
    else if (entry.name.endsWith('.ts')) writeFileSync(target, rewriteToBarrel(readFileSync(source, 'utf8')));
    else cpSync(source, target);
  }
}

/**
 * Creates the naive app in `dir` (replacing what was there): main.ts, config/, stacks/, functions/ with barrel imports,
 * the project's tsconfig.json, a cdktf.json whose app is `npx ts-node main.ts`, and links to the project's
 * node_modules and dist/ (the function zips the stacks package; the naive run reuses the ones already built).
 */
export function generateNaiveApp(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.ts'), rewriteToBarrel(readFileSync(join(projectRoot, 'main.ts'), 'utf8')));
  for (const folder of ['config', 'lib', 'stacks', 'functions'])
    copyRewritten(join(projectRoot, folder), join(dir, folder));
  // The project's compiler options, but compiled to CommonJS as cdktf's template does: the project's own `module:
  // preserve` (esbuild and SWC compile it) would make ts-node hand main.ts to Node's ES module loader.
  writeFileSync(
    join(dir, 'tsconfig.json'),
    `${JSON.stringify({ extends: join(projectRoot, 'tsconfig.json'), compilerOptions: { module: 'node16', moduleResolution: 'node16' }, include: ['main.ts', 'config', 'lib', 'stacks', 'functions'] }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'naive-synth', private: true }, null, 2)}\n`);
  writeFileSync(
    join(dir, 'cdktf.json'),
    `${JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts', output: 'cdktf.out', sendCrashReports: 'false' }, null, 2)}\n`,
  );
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  if (!existsSync(join(projectRoot, 'dist'))) mkdirSync(join(projectRoot, 'dist'));
  symlinkSync(join(projectRoot, 'dist'), join(dir, 'dist'), 'dir');
  return dir;
}
