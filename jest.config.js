// Four projects, one per kind of test; `config` is the only one that reads config/ (your environments). The integration project starts a real PostgreSQL server and
// the moto AWS emulator once (globalSetup) and stops them afterwards (globalTeardown).
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
};
const shared = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'mjs', 'json'] };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
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
