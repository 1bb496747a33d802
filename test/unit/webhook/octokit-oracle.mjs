// Runs @octokit/webhooks-methods (ESM-only, so outside jest's CommonJS registry) over a batch of cases:
// stdin: [{ secret, payload, signature? }], stdout: [{ signature, verified }] where `verified` is
// octokit's verdict on the given signature (or on its own when none is given); a case octokit refuses
// (it throws, e.g. for an empty secret) gives { signature: '', verified: false, refused: true }.
import { sign, verify } from '@octokit/webhooks-methods';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const { secret, payload, signature } of JSON.parse(input)) {
  try {
    const own = await sign(secret, payload);
    results.push({ signature: own, verified: await verify(secret, payload, signature ?? own) });
  } catch {
    results.push({ signature: '', verified: false, refused: true });
  }
}
process.stdout.write(JSON.stringify(results));
