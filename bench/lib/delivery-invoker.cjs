// Forked by bench/delivery.mjs: one process is one Lambda execution environment (one request at a time). Loads the
// webhook bundle with delivery on (its init reads the environment the parent set), then sends GitHub-signed
// deliveries with fresh X-GitHub-Delivery ids one after another (verify, dedupe, enqueue against moto) until it
// has sent `requests` or `deadline` (epoch ms) has passed, and answers with each request's latency.
// Message in: { requests, deadline, prefix }. Message out: { latenciesMs: [...], statuses: { '200': n } } or { error }.
const { createHmac } = require('node:crypto');
const { performance } = require('node:perf_hooks');

const [bundlePath] = process.argv.slice(2);
const secret = process.env.BENCH_SIGNING_SECRET;
const body = JSON.stringify({ action: 'opened', padding: 'x'.repeat(1000) });
const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const { handler } = require(bundlePath);

function event(deliveryId) {
  return {
    version: '2.0',
    rawPath: '/',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signature,
      'x-github-event': 'issues',
      'x-github-delivery': deliveryId,
    },
    body,
    isBase64Encoded: false,
    requestContext: { requestId: 'bench', timeEpoch: Date.now(), http: { method: 'POST', path: '/' } },
  };
}

process.on('message', async ({ requests, deadline, prefix }) => {
  try {
    const latenciesMs = [];
    const statuses = {};
    for (let i = 0; i < requests && Date.now() < deadline; i++) {
      const started = performance.now();
      const { statusCode } = await handler(event(`${prefix}-${i}`), { awsRequestId: `bench-${i}` });
      latenciesMs.push(performance.now() - started);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    }
    process.send({ latenciesMs, statuses });
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) });
  }
});
