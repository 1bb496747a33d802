// Six projects, one per kind of test; `config` is the only one that reads config/ (your environments). `synth` and
// `config` need Node.js alone; `terraform` runs the Terraform CLI (`terraform validate`) on what synthesizes. The
// integration project starts a real PostgreSQL server and the moto AWS emulator once (globalSetup) and stops them
// afterwards (globalTeardown).
// The AWS SDK warns once per loaded copy that its 2027 releases need Node 22; jest loads one per test file, so the
// same block would repeat a dozen times. The SDK's documented switch turns it off for the tests and what they spawn.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// cdktf 0.21 (archived) calls util.isArray, which Node.js 22 deprecates at run time (DEP0044): every worker that loads
// cdktf would print the same warning about code that is not ours. Drop that one warning, as tools/build/app.mjs does.
if (!(process.env.NODE_OPTIONS ?? '').includes('--disable-warning=DEP0044')) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --disable-warning=DEP0044`.trim();
}

const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
};
const shared = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Without watchman, jest lists and stats every file under the root each time it starts: the Python tools
  // (.venv) and a downloaded Node.js (.tools) are most of them, and no test loads a module from there.
  modulePathIgnorePatterns: ['<rootDir>/.venv/', '<rootDir>/.tools/'],
  // cdktf's token stack traces without jest's source mapping: most of a synth's time in jest otherwise.
  setupFiles: ['<rootDir>/test/support/token-stack-traces.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  // Jest's default is one worker fewer than the cores, which on a 2-core machine means one worker running every file
  // in turn (80 s warm); the main process mostly waits, so use every core (52 s). bench/first-run.mjs measures it.
  maxWorkers: '100%',
  // A worker starts afresh once its heap passes this after a test file. Each file leaves its modules' scripts behind
  // in the worker, and with --coverage every file begins by enabling V8's inspector over all of them, so a coverage
  // run slowed down file by file (179 s here, 98 s with the restarts). A plain run measured the same either way.
  workerIdleMemoryLimit: '320MB',
  // Coverage (`npm test -- --coverage`, as CI runs it) of the code that ships or synthesizes. V8's own coverage, so
  // the SWC transform needs no instrumentation. The floors are the measured coverage of a full run minus a small
  // margin: raise them when coverage rises, never lower them to let a change through.
  coverageProvider: 'v8',
  collectCoverageFrom: ['<rootDir>/functions/**/*.ts', '<rootDir>/stacks/**/*.ts', '<rootDir>/lib/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  // Measured on 2026-11-26 (jest 30), with tracing and the GitHub webhook rotation in the code: statements and lines of
  // functions/ at least 87.2 %, of stacks/ at least 99.4 % (the most either half of the tiers covered, file by file);
  // branches and functions, whose V8 totals depend on which code ran, 93.1 % and 86.5 % for functions/ in the unit
  // tier alone, 92.9 % and 98.1 % for stacks/. The floors sit three to five points lower. One tier alone falls short.
  coverageThreshold: {
    './functions/': { statements: 84, branches: 88, functions: 83, lines: 84 },
    './stacks/': { statements: 96, branches: 89, functions: 94, lines: 96 },
    // The library (lib/) held most of what stacks/ held before the layout split; it keeps the same floors.
    './lib/': { statements: 96, branches: 89, functions: 94, lines: 96 },
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
    // `terraform validate` of every fixture stack: an outside tool, so a tier of its own (skipped, saying so, without
    // terraform on PATH).
    {
      ...shared,
      displayName: 'terraform',
      testMatch: ['<rootDir>/test/terraform/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/build-bundles.ts',
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
