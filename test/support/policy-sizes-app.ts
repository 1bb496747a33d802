// The app bench/policy-sizes.mjs runs in a child process: the bootstrap stack of the all-features fixture (every
// feature on, two environments sharing an account; the configuration the issue's targets name, hence the import
// from test/fixtures) built under its own name, under the longest project name lib/config/validate.ts allows, and
// under that name with the growth entries of test/support/growth-permissions.ts. Prints one JSON line: each scenario's
// pipeline policies with their sizes as synth counts them (BootstrapStack.policySizes).
// Usage (after esbuild bundles it): node policy-sizes-app.cjs
import { App } from 'cdktf';
import type { PolicySize } from '../../lib/constructs/policy-size';
import type { PermissionTable } from '../../lib/delivery-permissions/types';
import { buildBootstrap } from '../../stacks/bootstrap-stack';
import { allFeatures } from '../fixtures/all-features';
import { GROWTH_PERMISSIONS } from './growth-permissions';

/** The longest name PROJECT_NAME in lib/config/validate.ts admits (20 characters). */
export const LONGEST_PROJECT = 'longest-project-name';

function sizes(name: string, extra?: PermissionTable): readonly PolicySize[] {
  return buildBootstrap(new App(), { ...allFeatures.project, name }, allFeatures.delivery, [], extra).policySizes;
}

process.stdout.write(
  `${JSON.stringify([
    {
      scenario: `all-features, project "${allFeatures.project.name}"`,
      goal: 0.5,
      sizes: sizes(allFeatures.project.name),
    },
    {
      scenario: `all-features, project "${LONGEST_PROJECT}" (longest allowed)`,
      goal: 0.5,
      sizes: sizes(LONGEST_PROJECT),
    },
    {
      scenario: `all-features, project "${LONGEST_PROJECT}", with DynamoDB (real) plus S3, SNS, EventBridge and Step Functions entries`,
      goal: 0.75,
      sizes: sizes(LONGEST_PROJECT, GROWTH_PERMISSIONS),
    },
  ])}\n`,
);
