// The pack's shape, read from its files: one file per rule with a test file that feeds it an unresolved value, and no
// rule (or helper a rule calls) reading a raw attribute, so every read goes through the accessor that reports
// unresolved values (lib/guardrails/attributes.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUARDRAIL_RULES } from '../../../lib/guardrails/pack';

const guardrails = join(__dirname, '../../../lib/guardrails');
const ruleTests = join(__dirname, 'rules');

/** Rules whose unresolved input is the finding itself, so their tests expect non-compliant, not unresolved. */
const UNRESOLVED_IS_THE_FINDING: Readonly<Record<string, string>> = {
  PolicyDocumentReadable: 'it exists to reject policies given as expressions',
};

/** Rule files and the helpers they call: none may read raw JSON. */
const readers = [
  ...readdirSync(join(guardrails, 'rules')).map((file) => join('rules', file)),
  ...readdirSync(guardrails).filter((file) => /-links\.ts$/.test(file) || file === 'exposure.ts'),
];

/** What reading raw attributes looks like: the raw record, or the modules that parse it behind the accessor. */
const RAW_READS: readonly [RegExp, string][] = [
  [/\.attributes\b/, 'reads SynthesizedResource.attributes'],
  [/from '\.\.?\/(values|references|synthesized-stack|evaluate)'/, 'imports a module that reads raw JSON'],
  [/\bpoliciesIn\b/, 'parses policies from raw JSON (use resource.policies())'],
  [/\brawValue\b/, 'reads the raw value of a link'],
];

describe('the rule pack', () => {
  it.each(GUARDRAIL_RULES.map((rule) => rule.id))(
    '%s has its own file and a test file with an unresolved case',
    (id) => {
      expect(existsSync(join(guardrails, 'rules', `${id}.ts`))).toBe(true);
      const test = readFileSync(join(ruleTests, `${id}.test.ts`), 'utf8');

      expect(test).toContain(UNRESOLVED_IS_THE_FINDING[id] ? "'${var." : 'unresolvedWith(');
    },
  );

  it.each(readers)('%s reads attributes only through the accessor', (file) => {
    const source = readFileSync(join(guardrails, file), 'utf8');

    expect(RAW_READS.filter(([pattern]) => pattern.test(source)).map(([, what]) => what)).toEqual([]);
  });
});
