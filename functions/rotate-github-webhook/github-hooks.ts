import { inSubsegment } from '../shared/tracing';
import {
  type GithubApiError,
  GithubHookNotFoundError,
  GithubRateLimitedError,
  GithubUnauthorizedError,
  GithubUnexpectedResponseError,
  GithubValidationError,
} from './errors';

/** The fetch the client needs; the global fetch in Lambda, the same pointed at a fake server in tests. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** What the hook-config endpoints answer (GitHub masks the secret as `********` when one is set). */
export interface HookConfig {
  readonly url?: string;
  readonly content_type?: string;
  readonly insecure_ssl?: string | number;
  readonly secret?: string;
}

export interface GithubHooksOptions {
  readonly apiUrl: string;
  readonly kind: 'repository' | 'organization';
  /** `owner/repo` or the organization login. */
  readonly target: string;
  readonly hookId: number;
  readonly token: string;
  readonly fetch?: Fetch;
  /** Milliseconds one request may take. @default 10000 */
  readonly timeoutMs?: number;
}

const API_VERSION = '2022-11-28';

/**
 * The three calls of GitHub's REST API the rotation makes on one repository or organization webhook:
 * update its configuration's secret, read its configuration back, and ping it. Every non-2xx answer becomes a
 * typed GithubApiError; no token, secret or response body ever reaches an error message.
 */
export class GithubHooks {
  private readonly base: string;
  private readonly fetch: Fetch;

  constructor(private readonly options: GithubHooksOptions) {
    const [owner, repo] = options.target.split('/');
    const hook = String(options.hookId);
    this.base =
      options.kind === 'repository'
        ? `${options.apiUrl}/repos/${encodeURIComponent(owner ?? '')}/${encodeURIComponent(repo ?? '')}/hooks/${hook}`
        : `${options.apiUrl}/orgs/${encodeURIComponent(options.target)}/hooks/${hook}`;
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
  }

  /** PATCH …/hooks/{id}/config with the new secret (other config fields stay as they are). */
  async setSecret(secret: string): Promise<HookConfig> {
    const response = await this.call('PATCH', '/config', 'update the hook config', { secret });
    return (await this.json(response, 'update the hook config')) as HookConfig;
  }

  /** GET …/hooks/{id}/config. */
  async readConfig(): Promise<HookConfig> {
    const response = await this.call('GET', '/config', 'read the hook config');
    return (await this.json(response, 'read the hook config')) as HookConfig;
  }

  /** POST …/hooks/{id}/pings: GitHub sends a `ping` event, signed with the hook's secret, to the webhook. */
  async ping(): Promise<void> {
    await this.call('POST', '/pings', 'ping the hook');
  }

  private call(method: string, path: string, what: string, body?: unknown): Promise<Response> {
    // A remote subsegment per call, named by fixed labels only (no owner, repository, token or secret).
    return inSubsegment(`GitHub ${method} hooks/{id}${path}`, () => this.send(method, path, what, body), {
      namespace: 'remote',
    });
  }

  private async send(method: string, path: string, what: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${this.options.token}`,
          'x-github-api-version': API_VERSION,
          'user-agent': 'secure-serverless-webhook-rotation',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
    } catch (error) {
      // The error's own message may quote the URL, never the token or body: still, keep only its class.
      throw new GithubUnexpectedResponseError(
        `cannot ${what}: ${error instanceof Error ? error.name : 'request failed'}`,
        0,
      );
    }
    if (response.ok) {
      return response;
    }
    await response.body?.cancel().catch(() => undefined);
    throw errorFor(response, `cannot ${what} of ${this.describeHook()}`);
  }

  private async json(response: Response, what: string): Promise<unknown> {
    try {
      const parsed: unknown = await response.json();
      if (typeof parsed === 'object' && parsed !== null) return parsed;
    } catch {
      // fall through
    }
    throw new GithubUnexpectedResponseError(`cannot ${what}: the answer is not a JSON object`, response.status);
  }

  private describeHook(): string {
    return `${this.options.kind} webhook ${this.options.target}#${this.options.hookId}`;
  }
}

/** The typed error for a non-2xx answer (GitHub's REST conventions for 401, 403/429 rate limits, 404, 422). */
function errorFor(response: Response, prefix: string): GithubApiError {
  const { status, headers } = response;
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = Number(headers.get('x-ratelimit-reset'));
  const rateLimited = status === 429 || (status === 403 && (remaining === '0' || headers.has('retry-after')));
  if (rateLimited) {
    const resetAt = Number.isFinite(reset) && reset > 0 ? reset : undefined;
    return new GithubRateLimitedError(
      `${prefix}: rate limited (${status})${resetAt === undefined ? '' : `, resets at ${new Date(resetAt * 1000).toISOString()}`}`,
      status,
      resetAt,
    );
  }
  switch (status) {
    case 401:
      return new GithubUnauthorizedError(`${prefix}: 401, the token is missing, expired or revoked`, status);
    case 404:
      return new GithubHookNotFoundError(
        `${prefix}: 404, no such hook, or the token has no webhook access to it (check webhook.githubHook and the token's permissions)`,
        status,
      );
    case 422:
      return new GithubValidationError(`${prefix}: 422, GitHub refused the request`, status);
    default:
      return new GithubUnexpectedResponseError(`${prefix}: unexpected status ${status}`, status);
  }
}
