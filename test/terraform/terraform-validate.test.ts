// `terraform validate` of every stack of every fixture environment, with the provider the run can get (registry, or
// the local mirror in compatibility mode). Skipped, with one line saying why, when Terraform is not on PATH.
import { FIXTURES, singleAccount } from '../fixtures';
import { type SynthResult, synthFixtureOnce } from '../support/synth';
import { findTerraform } from '../support/terraform/terraform-cli';
import { describeDiagnostic, type ValidateOutcome, validateStacks } from '../support/terraform/validate';

const terraform = findTerraform();
const describeWithTerraform = 'missing' in terraform ? describe.skip : describe;
if ('missing' in terraform) process.stderr.write(`terraform validate tests skipped: ${terraform.missing}\n`);

const TIMEOUT = 240_000;

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A synthesized stack with one resource changed by `edit` (to show validate catches the mistake). */
function broken(synth: SynthResult, stackId: string, edit: (stack: { resource: Resources }) => void): SynthResult {
  const copy = JSON.parse(JSON.stringify(synth.stacks[stackId]));
  edit(copy);
  return { ...synth, stacks: { ...synth.stacks, [stackId]: copy } };
}

describeWithTerraform('terraform validate', () => {
  const cli = terraform as Exclude<typeof terraform, { missing: string }>;
  let all: ValidateOutcome;
  let invalidValue: ValidateOutcome;
  let cycle: ValidateOutcome;

  beforeAll(async () => {
    const stacks = FIXTURES.flatMap((fixture) => {
      const synth = synthFixtureOnce(fixture);
      return Object.keys(synth.stacks).map((stackId) => ({ prefix: fixture.name, synth, stackId }));
    });
    const small = synthFixtureOnce(singleAccount);
    // The network stack's flow-log group and the flow log that writes to it: small, and present in every config.
    const network = Object.keys(small.stacks).find((id) => id.endsWith('-network')) ?? '';
    const only = (stack: { resource: Resources }, type: string): [string, Record<string, unknown>] => {
      const [entry] = Object.entries(stack.resource[type] ?? {});
      if (!entry) throw new Error(`${network} has no ${type} to break`);
      return entry as [string, Record<string, unknown>];
    };
    const withBadRetention = broken(small, network, (stack) => {
      only(stack, 'aws_cloudwatch_log_group')[1].retention_in_days = 42; // not a CloudWatch Logs retention
    });
    const withCycle = broken(small, network, (stack) => {
      const [flowLog] = only(stack, 'aws_flow_log');
      only(stack, 'aws_cloudwatch_log_group')[1].depends_on = [`aws_flow_log.${flowLog}`]; // the flow log uses the group
    });
    [all, invalidValue, cycle] = await Promise.all([
      validateStacks(cli, stacks),
      validateStacks(cli, [{ prefix: 'broken', synth: withBadRetention, stackId: network }]),
      validateStacks(cli, [{ prefix: 'broken', synth: withCycle, stackId: network }]),
    ]);
    for (const note of all.notes) process.stderr.write(`provider compatibility: ${note}\n`);
  }, TIMEOUT);

  it('passes on every stack of every fixture environment', () => {
    expect(all.errors.map(describeDiagnostic)).toEqual([]);
    expect(all.valid).toBe(true);
  });

  it('fails on an attribute value the provider rejects, naming the attribute', () => {
    expect(invalidValue.valid).toBe(false);
    expect(invalidValue.errors.map(describeDiagnostic).join('\n')).toMatch(/retention_in_days/);
  });

  it('fails on a dependency cycle', () => {
    expect(cycle.valid).toBe(false);
    expect(cycle.errors.map(describeDiagnostic).join('\n')).toMatch(/Cycle/);
  });
});
