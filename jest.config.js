// Five projects, one per kind of test; `config` is the only one that reads config/ (your environments). The integration project starts a real PostgreSQL server and
// the moto AWS emulator once (globalSetup) and stops them afterwards (globalTeardown).
// The AWS SDK warns once per loaded copy that its 2027 releases need Node 22; jest loads one per test file, so the
// same block would repeat a dozen times. The SDK's documented switch turns it off for the tests and what they spawn.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
};
const shared = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'mjs', 'json'] };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  // Coverage (`npm test -- --coverage`, as CI runs it) of the code that ships or synthesizes. V8's own coverage, so
  // the SWC transform needs no instrumentation. The floors are the measured coverage of a full run minus a small
  // margin: raise them when coverage rises, never lower them to let a change through.
  coverageProvider: 'v8',
  collectCoverageFrom: ['<rootDir>/functions/**/*.ts', '<rootDir>/stacks/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  // Measured on 2026-11-26 (jest 30) after the tracing work merged, without the integration and tooling tiers (which
  // run bundles and linters, not these sources): functions/ 80.4 % statements and lines, 94.6 % branches, 88.8 %
  // functions (the rotation handlers run only as bundles, which V8 coverage of the sources does not see); stacks/
  // 99.3 %, 92.9 %, 98.1 %, 99.3 %. The floors are about three points lower. A run of one tier alone falls short.
  coverageThreshold: {
    './functions/': { statements: 77, branches: 91, functions: 85, lines: 77 },
    './stacks/': { statements: 96, branches: 90, functions: 95, lines: 96 },
  },
  projects: [
    // Node.js alone: no Go, Python, PostgreSQL or network (`npm run test:unit`).
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      // fast-check properties take their seed from FC_SEED (random when unset) and name it when they fail.
      setupFilesAfterEnv: ['<rootDir>/test/support/property-seed.ts'],
    },
    // Tests that run external tools: the workflow linters (actionlint built with Go, zizmor from .venv).
    { ...shared, displayName: 'tooling', testMatch: ['<rootDir>/test/tooling/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'synth',
      testMatch: ['<rootDir>/test/synth/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/build-bundles.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/cdktf-matchers.ts'],
    },
    {
      ...shared,
      displayName: 'config',
      testMatch: ['<rootDir>/test/config/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/build-bundles.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/cdktf-matchers.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
