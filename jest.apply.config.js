// `npm run test:apply`: the stacks applied and destroyed with the Terraform CLI against moto (test/apply/).
// Its own config, so `npm test` stays fast; .ci/run runs it after `npm test` when terraform is on PATH.
const base = require('./jest.config.js');

const unit = base.projects.find((p) => p.displayName === 'unit');

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 1_800_000,
  projects: [{ ...unit, displayName: 'apply', testMatch: ['<rootDir>/test/apply/**/*.test.ts'] }],
};
