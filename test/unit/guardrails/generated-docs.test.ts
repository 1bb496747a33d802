import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUARDRAIL_RULES } from '../../../lib/guardrails/pack';
import { renderRulesDoc } from '../../../lib/guardrails/rules-doc';
import { ACCESS_CASES, renderAccessTable } from '../../support/iam-access-cases';

const projectRoot = join(__dirname, '../../..');
const guardrailsDir = join(projectRoot, 'lib/guardrails');

describe('generated documents (npm run docs:rules)', () => {
  it('RULES.md is what the rule pack renders', () => {
    const current = readFileSync(join(guardrailsDir, 'RULES.md'), 'utf8');

    expect(current).toBe(renderRulesDoc(GUARDRAIL_RULES));
  });

  it('the pack lists every rule file, and each file holds the rule of its name', () => {
    const files = readdirSync(join(guardrailsDir, 'rules')).map((file) => file.replace(/\.ts$/, ''));

    expect(GUARDRAIL_RULES.map((rule) => rule.id).sort()).toEqual(files.sort());
  });

  it('docs/ACCESS.md is what the IAM simulation cases render', () => {
    const current = readFileSync(join(projectRoot, 'docs/ACCESS.md'), 'utf8');

    expect(current).toBe(renderAccessTable(ACCESS_CASES));
  });
});
