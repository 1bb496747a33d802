// The function bundles resolve `semver` to this file (FUNCTION_BUNDLE_OPTIONS.alias in build-functions.mjs).
// Its only importer there is aws-xray-sdk-core's AWS SDK v2 patcher (patchers/aws_p.js, loaded with the rest
// of the X-Ray SDK by Powertools Tracer), which calls semver.gte, and only when an SDK v2 client is captured:
// the functions never do. The real package compiles about a hundred regular expressions when it is required,
// which cost the webhook more cold-start time than the rest of the tracer together (bench/RESULTS.md).
// test/unit/bundle-shims.test.ts holds gte to semver's own answers; test/synth/bundles.test.ts fails when any
// other module of a bundle starts importing semver.
'use strict';

const VERSION =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

function parse(version) {
  const match = VERSION.exec(String(version).trim());
  if (match === null) throw new TypeError(`Invalid Version: ${version}`);
  return {
    release: [Number(match[1]), Number(match[2]), Number(match[3])],
    prerelease: match[4] === undefined ? [] : match[4].split('.'),
  };
}

function compareIdentifiers(a, b) {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA && numericB) return Math.sign(Number(a) - Number(b));
  if (numericA !== numericB) return numericA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** semver.compare: -1, 0 or 1 by SemVer 2.0.0 precedence (build metadata ignored). */
function compare(a, b) {
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    if (x.release[i] !== y.release[i]) return x.release[i] < y.release[i] ? -1 : 1;
  }
  // A pre-release sorts before its release; otherwise identifiers compare left to right.
  if (x.prerelease.length === 0 || y.prerelease.length === 0) {
    return Math.sign(y.prerelease.length - x.prerelease.length);
  }
  for (let i = 0; i < Math.max(x.prerelease.length, y.prerelease.length); i++) {
    if (x.prerelease[i] === undefined) return -1;
    if (y.prerelease[i] === undefined) return 1;
    const order = compareIdentifiers(x.prerelease[i], y.prerelease[i]);
    if (order !== 0) return order;
  }
  return 0;
}

module.exports = { compare, gte: (a, b) => compare(a, b) >= 0 };
