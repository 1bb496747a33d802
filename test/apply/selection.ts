// Which config and environments `npm run test:apply` applies. By default the sample config (config/environments.ts,
// what a fresh clone deploys) and its non-production environments: the smallest set that still covers an
// environment with a database and one without. Override with
//   APPLY_CONFIG=<fixture name>          one of test/fixtures/ (single-account, multi-account, all-features)
//   APPLY_ENVIRONMENTS=dev,staging,prod  any environments of that config; a production one is destroyed through
//                                        its deletion protection (see workarounds.ts)
import { projectConfig } from '../../config/environments';
import type { EnvironmentConfig } from '../../lib/config/types';
import { environmentList, type ProjectInput, selectEnvironments, validateProject } from '../../lib/config/validate';
import { FIXTURES } from '../fixtures';

export interface ApplySelection {
  /** `sample` or the fixture's name. */
  readonly configName: string;
  readonly input: ProjectInput;
  readonly project: string;
  readonly environments: readonly EnvironmentConfig[];
  readonly allEnvironmentNames: readonly string[];
}

export function applySelection(env: NodeJS.ProcessEnv = process.env): ApplySelection {
  const configName = env.APPLY_CONFIG?.trim() || 'sample';
  const fixture = FIXTURES.find((f) => f.name === configName);
  if (configName !== 'sample' && !fixture) {
    throw new Error(
      `APPLY_CONFIG=${configName} is neither "sample" nor a fixture (${FIXTURES.map((f) => f.name).join(', ')})`,
    );
  }
  const input = fixture?.project ?? projectConfig;
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

/** A note when the selection misses a case the suite is meant to cover (with and without a database). */
export function coverageGaps(selection: ApplySelection): string[] {
  const gaps: string[] = [];
  if (!selection.environments.some((e) => e.database.enabled)) gaps.push('no selected environment has a database');
  if (!selection.environments.some((e) => !e.database.enabled)) gaps.push('every selected environment has a database');
  return gaps;
}
