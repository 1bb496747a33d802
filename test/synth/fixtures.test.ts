import { FIXTURES } from '../fixtures';
import { synthFixtureOnce } from '../support/synth';

describe.each(FIXTURES)('fixture $name', (fixture) => {
  it('synthesizes every environment into five stacks', () => {
    const { stacks } = synthFixtureOnce(fixture);
    const expected = Object.keys(fixture.project.environments).flatMap((env) =>
      ['security', 'network', 'secrets', 'app', 'monitoring'].map((layer) => `${env}-${layer}`),
    );
    expect(Object.keys(stacks).sort()).toEqual(expected.sort());
  });
});
