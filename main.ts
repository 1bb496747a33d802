// The only entry point: reads the outside world once, validates the config and builds every
// environment's stacks. Select environments with CDKTF_ENVIRONMENTS=dev,prod (default: all).
import { App } from 'cdktf';
import { projectConfig } from './config/environments';
import { selectEnvironments, validateProject } from './config/validate';
import { buildEnvironment } from './stacks/environment';

function main(): void {
  const requested = (process.env.CDKTF_ENVIRONMENTS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const config = validateProject(projectConfig);
  const app = new App();
  for (const environment of selectEnvironments(config, requested)) {
    buildEnvironment(app, { project: config.name, environment });
  }
  app.synth();
}

try {
  main();
} catch (error) {
  // Config errors are for people: print the message without a stack trace and fail synth.
  if (error instanceof Error && error.name === 'ConfigError') {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
