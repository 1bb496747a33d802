// Which config and environments `npm run test:apply` applies: a fixture of test/fixtures/, never config/ (your config
// is checked by test/config/), so a fork's edits to config/ cannot change what this tier applies. By default the
// multi-account fixture's non-production environments: the smallest set that still covers an environment with a
// database and one without (and webhook delivery on and off). Override with
//   APPLY_CONFIG=<fixture name>          one of test/fixtures/ (single-account, multi-account, all-features)
//   APPLY_ENVIRONMENTS=<env>,<env>,...   any environments of that fixture; a production one is destroyed through
//                                        its deletion protection (see workarounds.ts)
import type { EnvironmentConfig } from '../../lib/config/types';
import { environmentList, type ProjectInput, selectEnvironments, validateProject } from '../../lib/config/validate';
import { FIXTURES, multiAccount } from '../fixtures';

/** The fixture applied when APPLY_CONFIG is not set. */
export const DEFAULT_APPLY_FIXTURE = multiAccount;

export interface ApplySelection {
  /** The fixture's name. */
  readonly configName: string;
  readonly input: ProjectInput;
  readonly project: string;
  readonly environments: readonly EnvironmentConfig[];
  readonly allEnvironmentNames: readonly string[];
}

export function applySelection(env: NodeJS.ProcessEnv = process.env): ApplySelection {
  const configName = env.APPLY_CONFIG?.trim() || DEFAULT_APPLY_FIXTURE.name;
  const fixture = FIXTURES.find((f) => f.name === configName);
  if (!fixture) {
    throw new Error(`APPLY_CONFIG=${configName} is not a fixture (${FIXTURES.map((f) => f.name).join(', ')})`);
  }
  const input = fixture.project;
  const project = validateProject(input);
  const requested = environmentList(env.APPLY_ENVIRONMENTS);
  const environments =
    requested.length > 0 ? selectEnvironments(project, requested) : project.environments.filter((e) => !e.production);
  if (environments.length === 0) throw new Error(`config ${configName} has no environment to apply`);
  return {
    configName,
    input,
    project: project.name,
    environments,
    allEnvironmentNames: project.environments.map((e) => e.name),
  };
}

/** A note when the selection misses a case the suite is meant to cover (with and without a database or delivery). */
export function coverageGaps(selection: ApplySelection): string[] {
  const gaps: string[] = [];
  const some = (holds: (e: EnvironmentConfig) => boolean) => selection.environments.some(holds);
  if (!some((e) => e.database.enabled)) gaps.push('no selected environment has a database');
  if (!some((e) => !e.database.enabled)) gaps.push('every selected environment has a database');
  if (!some((e) => e.webhook.delivery !== false)) gaps.push('no selected environment has webhook delivery');
  if (!some((e) => e.webhook.delivery === false)) gaps.push('every selected environment has webhook delivery');
  return gaps;
}
