// bench/reading-load.mjs counts what a newcomer reads to add a function: the README's section, the walkthrough it
// links to on another page, and the files they name. It must follow the link to the section (not count the whole
// page, nor stop at the README's pointer) and resolve a page's own links from where that page sits.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { callEsm } from '../support/esm';

const SCRIPT = 'bench/reading-load.mjs';

function checkout(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'reading-load-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const README = ['# Project', '', '### Add a function', '', 'See [the walk](docs/walk.md#add-a-function).', ''].join(
  '\n',
);
const WALK = [
  '# Walks',
  '',
  'Intro that links [Other](other.md).',
  '',
  '## Add a function',
  '',
  'Edit `lib/a.ts`, read [Grants](grants.md) and use `Thing`.',
  '',
  '## Add a resource type',
  '',
  'Edit `lib/b.ts`.',
  '',
].join('\n');

describe('reading load', () => {
  it('follows the README section to the linked section of another page and counts the files both name', () => {
    const root = checkout({
      'README.md': README,
      'docs/walk.md': WALK,
      'docs/grants.md': 'one\ntwo\n',
      'docs/other.md': 'other\n',
      'lib/a.ts': 'a\n',
      'lib/b.ts': 'b\n',
      'lib/thing.ts': 'export class Thing {}\n\n',
    });

    const sections = callEsm<{ file: string; text: string }[]>(SCRIPT, 'readSections', 'Add a function', root);
    if (!sections.ok) throw new Error(sections.error);
    const files = callEsm<{ file: string; lines: number }[]>(SCRIPT, 'namedFiles', sections.value, root);
    if (!files.ok) throw new Error(files.error);

    expect(sections.value.map((s) => [s.file, s.text.split('\n')[0]])).toEqual([
      ['README.md', '### Add a function'],
      ['docs/walk.md', '## Add a function'],
    ]);
    expect(sections.value[1]?.text).not.toContain('lib/b.ts');
    expect(files.value.map((f) => [f.file, f.lines])).toEqual([
      ['lib/a.ts', 1],
      ['docs/grants.md', 2],
      ['lib/thing.ts', 2],
    ]);
  });

  it('names the link when the page has no heading that makes its anchor', () => {
    const root = checkout({ 'README.md': README, 'docs/walk.md': WALK.replace('## Add a function', '## Add code') });

    const result = callEsm(SCRIPT, 'readSections', 'Add a function', root);

    expect(result).toEqual({
      ok: false,
      error: 'README.md, "Add a function", links to docs/walk.md#add-a-function: no heading makes #add-a-function',
    });
  });
});
