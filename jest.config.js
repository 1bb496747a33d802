// Four projects, one per kind of test; `config` is the only one that reads config/ (your environments). The integration project starts a real PostgreSQL server and
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
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      // fast-check properties take their seed from FC_SEED (random when unset) and name it when they fail.
      setupFilesAfterEnv: ['<rootDir>/test/support/property-seed.ts'],
    },
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
