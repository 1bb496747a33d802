// A stalled AWS call ends in the function's own error handling, never in a Lambda timeout: every synthesized
// function's timeout is longer than the longest an AWS call can take with AWS_CLIENT_OPTIONS.
import { worstCaseAwsCallMs } from '../../functions/shared/aws-client-options';
import { allFeatures, multiAccount } from '../fixtures';
import { resourcesOf, synthFixtureOnce } from '../support/synth';

describe.each([allFeatures, multiAccount])('$name', (fixture) => {
  it('gives every function a timeout longer than the worst-case AWS call, with room for the work itself', () => {
    const functions = Object.values(synthFixtureOnce(fixture).stacks).flatMap((stack) =>
      Object.values(resourcesOf(stack, 'aws_lambda_function')),
    );

    expect(functions.length).toBeGreaterThan(0);
    const tooShort = functions
      .filter((fn) => Number(fn.timeout) * 1000 < 2 * worstCaseAwsCallMs())
      .map((fn) => `${String(fn.function_name)}: ${String(fn.timeout)} s`);
    expect(tooShort).toEqual([]);
  });
});
