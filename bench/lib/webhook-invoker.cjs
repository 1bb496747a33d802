// Forked by bench/secret-fetches.mjs: one process is one Lambda cold start. Loads the webhook bundle (its init
// reads the environment the parent set), then runs the batches of GitHub-signed invocations the parent sends
// over IPC, one after another as one Lambda instance would, and answers with the status codes it got.
// Message in: { invocations, signWith: 'current' | 'previous' | 'wrong', startAfterMs, spacingMs }.
// Message out: { statuses: { '200': 1000 }, durationMs } or { error }.
const { createHmac } = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');

const [bundlePath] = process.argv.slice(2);
const secrets = {
  current: process.env.BENCH_CURRENT_SECRET,
  previous: process.env.BENCH_PREVIOUS_SECRET,
  wrong: 'not-the-signing-secret',
};
const body = JSON.stringify({ action: 'opened', padding: 'x'.repeat(1000) });
const loadedAt = Date.now();
const { handler } = require(bundlePath);

function event(secret) {
  const signature = createHmac('sha256', secret).update(body).digest('hex');
  return {
    version: '2.0',
    rawPath: '/',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` },
    body,
    isBase64Encoded: false,
    requestContext: { requestId: 'bench', timeEpoch: Date.now(), http: { method: 'POST', path: '/' } },
  };
}

process.on('message', async ({ invocations, signWith, startAfterMs = 0, spacingMs = 0 }) => {
  try {
    await sleep(Math.max(0, loadedAt + startAfterMs - Date.now()));
    const request = event(secrets[signWith]);
    const statuses = {};
    const started = Date.now();
    for (let i = 0; i < invocations; i++) {
      if (spacingMs > 0 && i > 0) await sleep(spacingMs);
      const { statusCode } = await handler(spacingMs > 0 ? event(secrets[signWith]) : request, {
        awsRequestId: `bench-${i}`,
      });
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    }
    process.send({ statuses, durationMs: Date.now() - started });
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) });
  }
});
