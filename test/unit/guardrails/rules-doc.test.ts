import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUARDRAIL_RULES } from '../../../stacks/guardrails/pack';
import { renderRulesDoc } from '../../../stacks/guardrails/rules-doc';

const guardrailsDir = join(__dirname, '../../../stacks/guardrails');

describe('RULES.md', () => {
  it('is what `npm run docs:rules` renders from the rule pack', () => {
    const current = readFileSync(join(guardrailsDir, 'RULES.md'), 'utf8');

    expect(current).toBe(renderRulesDoc(GUARDRAIL_RULES));
  });

  it('lists every rule file, and each file holds the rule of its name', () => {
    const files = readdirSync(join(guardrailsDir, 'rules')).map((file) => file.replace(/\.ts$/, ''));

    expect(GUARDRAIL_RULES.map((rule) => rule.id).sort()).toEqual(files.sort());
  });
});
