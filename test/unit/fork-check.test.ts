// tools/maintenance/fork-check.mjs applies the README's own extension snippets to a copy: it must find each one by its marker
// and put it where the README says, so the documentation and what fork-check proves cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callEsm } from '../support/esm';

const SCRIPT = 'tools/maintenance/fork-check.mjs';
const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');

function call<T>(exportName: string, ...args: unknown[]): T {
  const result = callEsm<T>(SCRIPT, exportName, ...args);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('fork-check walks', () => {
  it.each([
    ['function-handler', 'functions/report/handler.ts'],
    ['function-stack', 'stacks/app-stack.ts'],
    ['resource-stack', 'stacks/app-stack.ts'],
    ['resource-permissions', 'lib/delivery-permissions/dynamodb.ts'],
  ])('finds the README snippet %s, naming the file it goes to (%s), without its list indentation', (name, file) => {
    const snippet = call<string>('readmeSnippet', README, name);

    expect(call<{ path: string }>('splitSnippet', snippet).path).toBe(file);
    expect(snippet.startsWith(`// ${file}\n`)).toBe(true);
    expect(snippet).not.toMatch(/```/);
  });

  it('grants what the README function reads instead of writing IAM JSON', () => {
    const { body } = call<{ body: string }>('splitSnippet', call<string>('readmeSnippet', README, 'function-stack'));

    expect(body).toMatch(/\.grantRead\(report, '\w+'\)/);
    expect(body).not.toMatch(/Action:/);
  });

  it('refuses a marker the README lacks', () => {
    const result = callEsm<string>(SCRIPT, 'readmeSnippet', README, 'no-such-snippet');

    expect(result).toEqual({ ok: false, error: 'fork-check: README.md has no <!-- fork-check:no-such-snippet -->' });
  });

  it('inserts the body before the anchor at its indentation and adds only the missing imports after the last one', () => {
    const source = [
      "import { a } from './a';",
      'import {',
      '  b,',
      "} from './b';",
      '',
      'class X {',
      '  constructor() {',
      '    this.outputs = {};',
      '  }',
      '}',
    ].join('\n');
    const snippet = ['// x.ts', "import { a } from './a';", "import { c } from './c';", '', 'const y = 1;'].join('\n');

    const result = call<string>('insertSnippet', source, snippet, 'this.outputs = {');

    expect(result.split('\n')).toEqual([
      "import { a } from './a';",
      'import {',
      '  b,',
      "} from './b';",
      "import { c } from './c';",
      '',
      'class X {',
      '  constructor() {',
      '    const y = 1;',
      '',
      '    this.outputs = {};',
      '  }',
      '}',
    ]);
  });

  it('registers a new permissions file in the index once', () => {
    const index = [
      "import { sqsPermissions } from './sqs';",
      "import type { PermissionScope, PermissionTable, ResourcePermissions } from './types';",
      '',
      'export const PERMISSION_FILES: Readonly<Record<string, PermissionTable>> = {',
      '  sqs: sqsPermissions,',
      '};',
    ].join('\n');

    const once = call<string>('registerPermissionFile', index, 'dynamodb', 'dynamodbPermissions');
    const twice = call<string>('registerPermissionFile', once, 'dynamodb', 'dynamodbPermissions');

    expect(once).toContain("import { dynamodbPermissions } from './dynamodb';\nimport type { PermissionScope");
    expect(once).toContain('  sqs: sqsPermissions,\n  dynamodb: dynamodbPermissions,\n};');
    expect(twice).toBe(once);
  });
});
