// How the GitHub Actions pipeline reaches AWS: the repository whose workflows may deploy, and the bootstrap stack
// that creates the state bucket, GitHub's OIDC provider and the roles. Values only: their types, defaults and
// validation are lib/config/delivery.ts.
import type { DeliveryInput } from '../lib/config/delivery';

/**
 * The repository that deploys this project. Set it to `undefined` to synthesize without a bootstrap stack.
 * Bootstrap every account once by hand (`npm run bootstrap -- <env>`), then deploys run from GitHub Actions.
 */
export const deliveryConfig: DeliveryInput | undefined = {
  github: {
    owner: 'acme',
    repository: 'secure-serverless-cdktf',
    // GitHub gives repositories created, renamed or transferred since 15 July 2026 immutable, id-based `sub` claims
    // (`repo:OWNER@OWNER_ID/REPO@REPO_ID:...`), and that is the default here (subjectFormat 'immutable-id'): add
    // ownerId and repositoryId from `gh api repos/OWNER/REPO --jq '.owner.id, .id'`. An older repository that has
    // not opted in (Settings > Actions > OIDC) sets subjectFormat: 'name' instead. docs/github-oidc-subjects.md
  },
  // Per environment: the only branch whose jobs may assume its deploy role (default main), and for production
  // environments the people or teams who approve each deploy (GitHub logins and team slugs of the owner).
  environments: {
    prod: { branch: 'main', reviewers: { teams: ['release-approvers'] } },
  },
};
