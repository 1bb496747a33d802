// Writes the generated guardrail documents (`npm run docs:rules`); `--check` fails when one is stale.
//   lib/guardrails/RULES.md  from the rule pack (lib/guardrails/rules/*.ts)
//   docs/ACCESS.md              from the IAM simulation cases (test/support/iam-access-cases.ts)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { GUARDRAIL_RULES } from '../../lib/guardrails/pack';
import { renderRulesDoc } from '../../lib/guardrails/rules-doc';
import { ACCESS_CASES, renderAccessTable } from './iam-access-cases';

const projectRoot = join(__dirname, '../..');
const documents = [
  { path: join(projectRoot, 'lib/guardrails/RULES.md'), content: renderRulesDoc(GUARDRAIL_RULES) },
  { path: join(projectRoot, 'docs/ACCESS.md'), content: renderAccessTable(ACCESS_CASES) },
];

const check = process.argv.includes('--check');
let stale = false;
for (const { path, content } of documents) {
  const name = relative(projectRoot, path);
  if (check) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {}
    if (current !== content) {
      process.stderr.write(`${name} is out of date: run \`npm run docs:rules\`\n`);
      stale = true;
    }
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    process.stdout.write(`wrote ${name}\n`);
  }
}
if (stale) process.exit(1);
