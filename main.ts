// The only entry point: reads the outside world once, validates the config and builds every
// environment's stacks. Select environments with CDKTF_ENVIRONMENTS=dev,prod (default: all).
import { relative } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { deliveryConfig } from './config/delivery';
import { projectConfig } from './config/environments';
import { sampleRepositoryProblem } from './lib/config/delivery';
import { ConfigError, environmentList } from './lib/config/validate';
import { PolicySizeError, policySizeSummary } from './lib/constructs/policy-size';
import { assertPermissionsCover, PermissionsTableError, resourceTypesIn } from './lib/delivery-permissions';
import { applyGuardrails, GuardrailsError } from './lib/guardrails';
import { buildBootstrap } from './stacks/bootstrap-stack';
import { buildGitHub } from './stacks/github-stack';
import { buildProject } from './stacks/project';

const requested = environmentList(process.env.CDKTF_ENVIRONMENTS);

try {
  const app = new App();
  const environments = buildProject(app, projectConfig, requested);
  // Every resource type needs an entry in the deploy permissions table (lib/delivery-permissions/): learn it here,
  // not when the deploy role is refused.
  assertPermissionsCover(resourceTypesIn(environments.flatMap((stacks) => Object.values(stacks))));
  // `bootstrap`: state bucket and pipeline roles of the first requested environment's account (docs/delivery.md, "Bootstrap").
  // Never for the sample repository: anyone could create it on GitHub and take the roles.
  const sample = deliveryConfig && sampleRepositoryProblem(deliveryConfig);
  if (sample) process.stdout.write(`bootstrap and github stacks skipped: ${sample}\n`);
  else if (deliveryConfig) {
    const bootstrap = buildBootstrap(app, projectConfig, deliveryConfig, requested);
    process.stdout.write(`${policySizeSummary(bootstrap.policySizes)}\n`);
    // `github`: the repository's OIDC subject template, environments, branch policies and reviewers.
    buildGitHub(app, projectConfig, deliveryConfig);
  }
  applyGuardrails(app);
  app.synth();
  // One line per stack written and where, so a person sees what synth produced.
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const folder = relative(process.cwd(), app.outdir) || '.';
  for (const stack of stacks) process.stdout.write(`wrote ${folder}/stacks/${stack.node.id}/cdk.tf.json\n`);
  process.stdout.write(`synth: ${stacks.length} stacks written to ${folder}/\n`);
} catch (error) {
  // Config errors, a missing permissions-table entry, an oversized pipeline policy and guardrail findings are for
  // people: print the list (each error's first line says where to go) without a stack trace and fail synth.
  if (
    error instanceof ConfigError ||
    error instanceof PermissionsTableError ||
    error instanceof PolicySizeError ||
    error instanceof GuardrailsError
  ) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
