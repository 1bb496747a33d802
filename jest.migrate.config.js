// `npm run test:migrate`: `npm run migrate:cdktn` on a copy of the checkout gives the same Terraform (test/migrate/).
// Its own config, so `npm test` does not install CDK Terrain on a first run; .ci/run runs it after `npm test`.
const base = require('./jest.config.js');

const unit = base.projects.find((p) => p.displayName === 'unit');

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 300_000,
  projects: [{ ...unit, displayName: 'migrate', testMatch: ['<rootDir>/test/migrate/**/*.test.ts'] }],
};
