// Small stacks for rule tests: build resources with cdktf, read them back exactly as the guardrails aspect does.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { declareEnvironment } from '../../../lib/guardrails/environment';
import { checkResource } from '../../../lib/guardrails/evaluate';
import type { EnvironmentDeclaration, GuardrailRule, RuleOutcome } from '../../../lib/guardrails/rule';
import { ruleIndex, type SynthesizedStack, synthesizedStack } from '../../../lib/guardrails/synthesized-stack';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

/** Options of a fixture stack. */
export interface FixtureOptions {
  /** The environment the stack declares (declareEnvironment). @default none, as a bootstrap stack */
  readonly environment?: EnvironmentDeclaration;
}

/** A fixture stack's resources as the rules see them. */
export function synthesize(build: (stack: TerraformStack) => void, options: FixtureOptions = {}): SynthesizedStack[] {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'fixture');
  new AwsProvider(stack, 'aws', { region: REGION });
  if (options.environment) declareEnvironment(stack, options.environment);
  build(stack);
  return [synthesizedStack(stack)];
}

/**
 * The rule's outcome for every resource of the types it checks, by Terraform address, as the engine decides it (a
 * value the accessor cannot resolve is `unresolved`; a rule that throws anything else fails the test).
 */
export function checkRule(
  rule: GuardrailRule,
  build: (stack: TerraformStack) => void,
  options: FixtureOptions = {},
): Record<string, RuleOutcome> {
  const stacks = synthesize(build, options);
  const { resourceOf, context } = ruleIndex(stacks);
  const outcomes: Record<string, RuleOutcome> = {};
  for (const resource of stacks.flatMap((stack) => stack.resources)) {
    if (!rule.resourceTypes.includes('*') && !rule.resourceTypes.includes(resource.type)) continue;
    const outcome = checkResource(rule, resourceOf(resource), context);
    if (outcome.status === 'rule-error') throw outcome.error;
    outcomes[resource.address] = outcome;
  }
  return outcomes;
}

/** The outcome for one address (fails the test when the rule did not look at it). */
export function outcomeOf(outcomes: Record<string, RuleOutcome>, address: string): RuleOutcome {
  const outcome = outcomes[address];
  if (!outcome) throw new Error(`the rule did not check ${address}; it checked ${Object.keys(outcomes).join(', ')}`);
  return outcome;
}

/** Matcher for a non-compliant outcome whose problem matches `problem`. */
export function nonCompliantWith(problem: RegExp | string): unknown {
  return { status: 'non-compliant', problem: expect.stringMatching(problem), fix: expect.any(String) };
}

/** A policy document string. */
export function doc(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Matcher for an unresolved outcome whose problem matches `problem`. */
export function unresolvedWith(problem: RegExp | string, mayPass = false): unknown {
  return { status: 'unresolved', problem: expect.stringMatching(problem), fix: expect.any(String), mayPass };
}
