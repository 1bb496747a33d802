// Every relative link of the README and of docs/ leads somewhere: the README is split into pages, and a page that
// moves or a heading that changes its words must not leave a link behind that goes nowhere.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokenLinks, documentationFiles, headingAnchors } from '../support/markdown-links';

const ROOT = join(__dirname, '../..');

describe('documentation links', () => {
  it.each(documentationFiles(ROOT).map((file) => [file.slice(ROOT.length + 1), file]))(
    '%s has no relative link to a missing file or heading',
    (_name, file) => {
      expect(brokenLinks(file)).toEqual([]);
    },
  );

  it('links the README to every page under docs/', () => {
    const [readme = '', ...pages] = documentationFiles(ROOT);
    const text = readFileSync(readme, 'utf8');
    for (const page of pages) expect(text).toContain(`](docs/${page.slice(join(ROOT, 'docs').length + 1)})`);
  });

  it('reports a link to a missing page and to a missing heading', () => {
    const folder = mkdtempSync(join(tmpdir(), 'docs-links-'));
    writeFileSync(join(folder, 'other.md'), '# Other page\n\n## Second part\n');
    const page = join(folder, 'page.md');
    const markdown = [
      '# Page',
      '[fine](other.md#second-part) [also fine](#page) `[code](nowhere.md)`',
      '[gone](missing.md) [no heading](other.md#third-part)',
      '```',
      '[in a code block](nowhere.md)',
      '```',
    ].join('\n');

    expect(brokenLinks(page, markdown)).toEqual([
      `${page}:3: missing.md (no such file)`,
      `${page}:3: other.md#third-part (no heading makes #third-part)`,
    ]);
  });

  it('makes anchors as GitHub does', () => {
    expect([
      ...headingAnchors('# Bootstrap (once per AWS account, by hand)\n## `npm test` warm\n## Notes\n## Notes'),
    ]).toEqual(['bootstrap-once-per-aws-account-by-hand', 'npm-test-warm', 'notes', 'notes-1']);
  });
});
