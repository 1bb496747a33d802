// A tiny loopback HTTP proxy in front of moto that counts requests per X-Amz-Target (the AWS JSON protocol's
// operation name, e.g. secretsmanager.GetSecretValue) and keeps their JSON bodies, so a test can assert how
// many calls a function bundle made, and with which parameters. Everything else passes through unchanged.
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  /** X-Amz-Target, or '' for requests without one. */
  readonly target: string;
  /** The request body parsed as JSON, or undefined when it is not JSON. */
  readonly body: unknown;
}

export interface CountingProxy {
  /** Base URL to put into AWS_ENDPOINT_URL. */
  readonly endpoint: string;
  /** Every request seen since start or the last reset, in order. */
  readonly requests: readonly ProxiedRequest[];
  /** How many requests had this target and, if given, a body matching `where`. */
  count(target: string, where?: (body: Record<string, unknown>) => boolean): number;
  /**
   * Answers every request for `target` with an HTTP 503 ServiceUnavailable of the AWS JSON protocol (a transient
   * server fault, as in an outage) instead of forwarding it, until `recover()`. Each is still counted.
   */
  failWith503(target: string): void;
  recover(): void;
  reset(): void;
  close(): Promise<void>;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Starts a proxy on a free loopback port forwarding to `upstream` (e.g. moto's http://127.0.0.1:PORT). */
export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream);
  const requests: ProxiedRequest[] = [];
  let failing: string | undefined;
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const raw = Buffer.concat(chunks);
      const amzTarget = incoming.headers['x-amz-target'];
      requests.push({ target: typeof amzTarget === 'string' ? amzTarget : '', body: parseJson(raw) });
      if (failing !== undefined && amzTarget === failing) {
        outgoing.writeHead(503, { 'content-type': 'application/x-amz-json-1.1' });
        outgoing.end(JSON.stringify({ __type: 'ServiceUnavailable', message: 'counting proxy: simulated outage' }));
        return;
      }
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          // moto does not check SigV4, so the signed Host header can stay as the client sent it.
          headers: incoming.headers as IncomingHttpHeaders,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', (error) => {
        outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(`counting proxy: ${error.message}`);
      });
      forwarded.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    count(name, where) {
      return requests.filter(
        (r) =>
          r.target === name &&
          (where === undefined ||
            (typeof r.body === 'object' && r.body !== null && where(r.body as Record<string, unknown>))),
      ).length;
    },
    failWith503(name) {
      failing = name;
    },
    recover() {
      failing = undefined;
    },
    reset() {
      requests.length = 0;
      failing = undefined;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
