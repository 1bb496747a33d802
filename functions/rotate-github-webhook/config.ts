import { type Env, requiredString } from '../shared/env';
import { ConfigurationError } from '../shared/errors';

/** Which GitHub webhook the rotation keeps in step, and where the token to do it lives. */
export interface GithubRotationConfig {
  /** GITHUB_HOOK_KIND: `repository` or `organization`. */
  readonly kind: 'repository' | 'organization';
  /** GITHUB_HOOK_TARGET: `owner/repo`, or the organization's login. */
  readonly target: string;
  /** GITHUB_HOOK_ID: the hook's numeric id. */
  readonly hookId: number;
  /** GITHUB_API_URL: the https REST API root, without a trailing slash. @default https://api.github.com */
  readonly apiUrl: string;
  /** GITHUB_TOKEN_SECRET_ARN: the secret holding a fine-grained token with webhook write access. */
  readonly tokenSecretArn: string;
}

/** Reads the rotation's settings; throws ConfigurationError naming the variable to fix. */
export function readGithubRotationConfig(env: Env): GithubRotationConfig {
  const kind = requiredString(env, 'GITHUB_HOOK_KIND');
  if (kind !== 'repository' && kind !== 'organization') {
    throw new ConfigurationError(`environment variable GITHUB_HOOK_KIND="${kind}" must be repository or organization`);
  }
  const target = requiredString(env, 'GITHUB_HOOK_TARGET');
  const pattern = kind === 'repository' ? /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/ : /^[A-Za-z0-9-]+$/;
  if (!pattern.test(target)) {
    throw new ConfigurationError(
      `environment variable GITHUB_HOOK_TARGET="${target}" must be ${kind === 'repository' ? 'owner/repo' : 'an organization login'}`,
    );
  }
  const hookIdText = requiredString(env, 'GITHUB_HOOK_ID');
  const hookId = /^\d{1,15}$/.test(hookIdText) ? Number(hookIdText) : 0;
  if (hookId < 1) {
    throw new ConfigurationError(`environment variable GITHUB_HOOK_ID="${hookIdText}" must be a positive whole number`);
  }
  const apiUrl = (env.GITHUB_API_URL ?? '').trim() || 'https://api.github.com';
  // https only, as lib/config/validate.ts requires: the token travels in every request's Authorization header.
  if (!/^https:\/\/[^/\s]+(\/[^\s]*)?$/.test(apiUrl) || apiUrl.endsWith('/')) {
    throw new ConfigurationError(
      `environment variable GITHUB_API_URL="${apiUrl}" must be an https URL without a trailing slash`,
    );
  }
  return { kind, target, hookId, apiUrl, tokenSecretArn: requiredString(env, 'GITHUB_TOKEN_SECRET_ARN') };
}
