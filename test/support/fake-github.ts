// A loopback HTTP server that answers the three GitHub REST calls the webhook rotation makes, with GitHub's
// shapes (docs.github.com "Repository webhooks" / "Organization webhooks"): GET and PATCH
// /repos/{owner}/{repo}/hooks/{hook_id}/config and /orgs/{org}/hooks/{hook_id}/config (the secret shown as
// "********" when one is set, never its value), POST …/hooks/{hook_id}/pings (204), 401 "Bad credentials",
// 404 "Not Found", 422 "Validation Failed", and rate limits (403 with x-ratelimit-remaining 0, or 429 with
// retry-after). A test can make the next calls fail, and see the secret each hook holds.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeHook {
  url: string;
  content_type: string;
  insecure_ssl: string;
  /** The secret GitHub would sign deliveries with; undefined when none is set. */
  secret: string | undefined;
}

/** A failure to answer instead of the normal one. */
export interface InjectedFailure {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Only requests with this method (e.g. PATCH). @default any */
  readonly method?: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly apiVersion: string | undefined;
  readonly body: string;
}

export interface FakeGithub {
  /** The API root to put into GITHUB_API_URL. */
  readonly apiUrl: string;
  /** Hooks by `repos/owner/repo/hooks/1` or `orgs/org/hooks/1`. */
  readonly hooks: Map<string, FakeHook>;
  readonly requests: RecordedRequest[];
  /** Answers the next `times` matching requests with `failure`. */
  failNext(failure: InjectedFailure, times?: number): void;
  /** Called for each successful ping with the hook's key and the secret it holds (to deliver a signed ping). */
  onPing: ((hookKey: string, secret: string | undefined) => Promise<void>) | undefined;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const ROUTE = /^\/((?:repos\/[^/]+\/[^/]+|orgs\/[^/]+)\/hooks\/\d+)\/(config|pings)$/;

/** Starts the fake on a free loopback port; only `token` is accepted as a bearer token. */
export async function startFakeGithub(token: string): Promise<FakeGithub> {
  const hooks = new Map<string, FakeHook>();
  const requests: RecordedRequest[] = [];
  const failures: Array<{ failure: InjectedFailure; left: number }> = [];
  const state = { onPing: undefined as FakeGithub['onPing'] };

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-github-api-version-selected': '2022-11-28',
      ...headers,
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string) => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    requests.push({
      method,
      path,
      authorization: req.headers.authorization,
      apiVersion: req.headers['x-github-api-version'] as string | undefined,
      body,
    });
    const injected = failures.find((f) => f.left > 0 && (f.failure.method ?? method) === method);
    if (injected) {
      injected.left -= 1;
      return send(res, injected.failure.status, injected.failure.body ?? { message: 'injected' }, {
        ...injected.failure.headers,
      });
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      return send(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }
    const match = ROUTE.exec(path);
    const hook = match ? hooks.get(match[1] as string) : undefined;
    if (!match || !hook) {
      return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    }
    const shown = () => ({
      content_type: hook.content_type,
      insecure_ssl: hook.insecure_ssl,
      url: hook.url,
      ...(hook.secret === undefined ? {} : { secret: '********' }),
    });
    if (match[2] === 'config' && method === 'GET') return send(res, 200, shown());
    if (match[2] === 'config' && method === 'PATCH') {
      let patch: unknown;
      try {
        patch = JSON.parse(body);
      } catch {
        return send(res, 400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
      }
      const secret = (patch as { secret?: unknown }).secret;
      if (typeof patch !== 'object' || patch === null || (secret !== undefined && typeof secret !== 'string')) {
        return send(res, 422, {
          message: 'Validation Failed',
          errors: [{ resource: 'Hook', code: 'invalid', field: 'secret' }],
          documentation_url: DOCS,
          status: '422',
        });
      }
      if (typeof secret === 'string') hook.secret = secret;
      return send(res, 200, shown());
    }
    if (match[2] === 'pings' && method === 'POST') {
      await state.onPing?.(match[1] as string, hook.secret);
      return send(res, 204);
    }
    return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        send(res, 500, { message: String(error) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    hooks,
    requests,
    failNext(failure, times = 1) {
      failures.push({ failure, left: times });
    },
    get onPing() {
      return state.onPing;
    },
    set onPing(value) {
      state.onPing = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
