// Writes stacks/guardrails/RULES.md from the rule pack (`npm run docs:rules`); `--check` fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUARDRAIL_RULES } from '../stacks/guardrails/pack';
import { renderRulesDoc } from '../stacks/guardrails/rules-doc';

const target = join(__dirname, '../stacks/guardrails/RULES.md');
const rendered = renderRulesDoc(GUARDRAIL_RULES);

if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== rendered) {
    process.stderr.write('stacks/guardrails/RULES.md is out of date: run `npm run docs:rules`\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, rendered);
  process.stdout.write(`wrote ${target} (${GUARDRAIL_RULES.length} rules)\n`);
}
