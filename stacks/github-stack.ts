import { join } from 'node:path';
import { ActionsRepositoryOidcSubjectClaimCustomizationTemplate } from '@cdktf/provider-github/lib/actions-repository-oidc-subject-claim-customization-template';
import { DataGithubTeam } from '@cdktf/provider-github/lib/data-github-team';
import { DataGithubUser } from '@cdktf/provider-github/lib/data-github-user';
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { RepositoryEnvironment } from '@cdktf/provider-github/lib/repository-environment';
import { RepositoryEnvironmentDeploymentPolicy } from '@cdktf/provider-github/lib/repository-environment-deployment-policy';
import { LocalBackend, TerraformStack, Token } from 'cdktf';
import type { Construct } from 'constructs';
import {
  DELIVERY_FILE,
  type DeliveryInput,
  type EnvironmentDelivery,
  environmentDelivery,
  type GitHubSettings,
  sampleRepositoryProblem,
  validateDelivery,
} from '../lib/config/delivery';
import type { EnvironmentConfig } from '../lib/config/types';
import { ConfigError, type ProjectInput, validateProject } from '../lib/config/validate';
import { GITHUB_SUBJECT_CLAIM_KEYS } from '../lib/constructs/github-oidc';

/** Id of the stack that manages the repository's side of the pipeline; it needs a GitHub token, no AWS account. */
export const GITHUB_STACK_ID = 'github';

/** The environment variable the GitHub provider reads its token from at plan and apply time (never at synth). */
export const GITHUB_TOKEN_VARIABLE = 'GITHUB_TOKEN';

/** Props of the GitHub settings stack. */
export interface GitHubStackProps {
  readonly github: GitHubSettings;
  /** The project's environments, in config order. */
  readonly environments: readonly EnvironmentConfig[];
  /** Branch and reviewers of each environment, by name. */
  readonly delivery: Readonly<Record<string, EnvironmentDelivery>>;
}

/**
 * `github`: the repository settings the AWS trust policies rely on. The OIDC subject template puts the job's
 * environment and ref in `sub` (what the deploy roles match exactly); each project environment gets a GitHub
 * environment that only its configured branch may deploy to, with required reviewers where configured (always
 * for production). Applied by `npm run bootstrap` with GITHUB_TOKEN set; synth needs no token.
 */
export class GitHubStack extends TerraformStack {
  constructor(scope: Construct, props: GitHubStackProps) {
    super(scope, GITHUB_STACK_ID);
    const { github } = props;
    // The token comes from GITHUB_TOKEN when Terraform runs: never written into the synthesized JSON.
    new GithubProvider(this, 'github', { owner: github.owner });
    new LocalBackend(this, { path: join(process.cwd(), `terraform.${GITHUB_STACK_ID}.tfstate`) });
    const repository = github.repository;

    new ActionsRepositoryOidcSubjectClaimCustomizationTemplate(this, 'oidc-subject', {
      repository,
      useDefault: false,
      includeClaimKeys: [...GITHUB_SUBJECT_CLAIM_KEYS],
    });

    for (const environment of props.environments) {
      const { branch, reviewers } = props.delivery[environment.name] ?? {
        branch: '',
        reviewers: { users: [], teams: [] },
      };
      if (!branch) throw new Error(`GitHubStack: no delivery settings for environment ${environment.name}`);
      const users = reviewers.users.map((login) =>
        Token.asNumber(new DataGithubUser(this, `reviewer-${environment.name}-${login}`, { username: login }).id),
      );
      const teams = reviewers.teams.map((slug) =>
        Token.asNumber(new DataGithubTeam(this, `team-${environment.name}-${slug}`, { slug }).id),
      );
      const githubEnvironment = new RepositoryEnvironment(this, `environment-${environment.name}`, {
        repository,
        environment: environment.name,
        // Only the branch policies below may deploy; repository administrators cannot skip the reviewers.
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
        canAdminsBypass: false,
        preventSelfReview: users.length + teams.length > 0,
        reviewers: users.length + teams.length > 0 ? [{ users, teams }] : undefined,
      });
      new RepositoryEnvironmentDeploymentPolicy(this, `branch-${environment.name}`, {
        repository,
        environment: githubEnvironment.environment,
        branchPattern: branch,
      });
    }
  }
}

/**
 * Builds the GitHub settings stack for every environment of the project. Refuses the sample repository, as the
 * bootstrap stack does.
 */
export function buildGitHub(scope: Construct, project: ProjectInput, delivery: DeliveryInput): GitHubStack {
  const sample = sampleRepositoryProblem(delivery);
  if (sample) throw new ConfigError([sample], DELIVERY_FILE);
  const config = validateProject(project);
  const settings = validateDelivery(delivery);
  return new GitHubStack(scope, {
    github: settings.github,
    environments: config.environments,
    delivery: environmentDelivery(config, settings),
  });
}
