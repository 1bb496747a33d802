// tools/maintenance/fork-check.mjs applies the extension snippets of docs/extending.md (the walkthroughs the README links
// to) to a copy: it must find each one by its marker and put it where the page says, so the documentation and what
// fork-check proves cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callEsm } from '../support/esm';

const SCRIPT = 'tools/maintenance/fork-check.mjs';
const PAGE_NAME = 'docs/extending.md';
const PAGE = readFileSync(join(__dirname, '../..', PAGE_NAME), 'utf8');

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
  ])('finds the page snippet %s, naming the file it goes to (%s), without its list indentation', (name, file) => {
    const snippet = call<string>('pageSnippet', PAGE, name);

    expect(call<{ path: string }>('splitSnippet', snippet).path).toBe(file);
    expect(snippet.startsWith(`// ${file}\n`)).toBe(true);
    expect(snippet).not.toMatch(/```/);
  });

  it('grants what the documented function reads instead of writing IAM JSON', () => {
    const { body } = call<{ body: string }>('splitSnippet', call<string>('pageSnippet', PAGE, 'function-stack'));

    expect(body).toMatch(/\.grantRead\(report, '\w+'\)/);
    expect(body).not.toMatch(/Action:/);
  });

  it('refuses a marker the page lacks, naming the page it reads by default and the marker', () => {
    const result = callEsm<string>(SCRIPT, 'pageSnippet', PAGE, 'no-such-snippet');

    expect(result).toEqual({
      ok: false,
      error: `fork-check: ${PAGE_NAME} has no <!-- fork-check:no-such-snippet -->`,
    });
  });

  it('names the page it was given when a marker has no code block after it', () => {
    const result = callEsm<string>(SCRIPT, 'pageSnippet', '<!-- fork-check:x -->\nno code', 'x', 'README.md');

    expect(result).toEqual({ ok: false, error: 'fork-check: no code block after <!-- fork-check:x --> in README.md' });
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
