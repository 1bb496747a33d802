// The semver stand-in the function bundles use (tools/build/bundle-shims/semver.cjs) must answer as semver does
// (the real package is in node_modules as a dependency of the X-Ray SDK).
interface Semver {
  gte(a: string, b: string): boolean;
  compare(a: string, b: string): number;
}
const semver = require('semver') as Semver;
const shim = require('../../tools/build/bundle-shims/semver.cjs') as Semver;

const VERSIONS = [
  '0.0.0',
  '1.0.0',
  'v2.1000.0',
  '2.1000.0-alpha',
  '2.1000.0-alpha.1',
  '2.1000.0-alpha.beta',
  '2.1000.0-beta.2',
  '2.1000.0-beta.11',
  '2.1000.0-rc.1+build.5',
  '2.1000.1',
  '3.4.1',
  '20.20.2',
  '22.0.0-nightly20240501abc',
  '22.0.0',
];

describe('semver shim for the bundles', () => {
  it('orders every pair of versions as semver does, pre-releases and build metadata included', () => {
    const pairs = VERSIONS.flatMap((a) => VERSIONS.map((b) => [a, b] as const));

    const disagreements = pairs.filter(
      ([a, b]) => shim.compare(a, b) !== semver.compare(a, b) || shim.gte(a, b) !== semver.gte(a, b),
    );

    expect(disagreements).toEqual([]);
  });

  it('throws on a string that is not a version, as semver does', () => {
    expect(() => semver.gte('latest', '1.0.0')).toThrow(TypeError);
    expect(() => shim.gte('latest', '1.0.0')).toThrow('Invalid Version: latest');
  });
});
