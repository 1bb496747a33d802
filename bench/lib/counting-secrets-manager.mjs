// A Secrets Manager endpoint on loopback that serves fixed secret values and counts every request, by action and
// staging label. It speaks the service's JSON 1.1 protocol (POST /, X-Amz-Target: secretsmanager.<Action>) for
// GetSecretValue only, which is all a function's secret cache calls. Signatures are not checked.
import { createServer } from 'node:http';

/**
 * Starts the endpoint. `stages` maps a staging label to the SecretString it serves; a label that is not there
 * answers ResourceNotFoundException, as Secrets Manager does for a secret that was never rotated.
 * Resolves with { endpoint, counts(), reset(), close() }; counts() is e.g. { AWSCURRENT: 1, AWSPREVIOUS: 0 }.
 */
export async function startCountingSecretsManager(stages) {
  const counts = new Map();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
      let input = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        // counted below as an unreadable request
      }
      const stage = input.VersionStage ?? 'AWSCURRENT';
      const key = action === 'GetSecretValue' ? stage : `other:${action || 'unknown'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const send = (status, body, errorType) => {
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `bench-${counts.get(key)}`,
          ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        });
        res.end(JSON.stringify(body));
      };
      if (action !== 'GetSecretValue') {
        send(
          400,
          { __type: 'InvalidRequestException', message: `${action} is not served here` },
          'InvalidRequestException',
        );
        return;
      }
      if (!(stage in stages)) {
        const message = `Secrets Manager can't find the specified secret value for staging label: ${stage}`;
        send(400, { __type: 'ResourceNotFoundException', message }, 'ResourceNotFoundException');
        return;
      }
      send(200, {
        ARN: input.SecretId,
        Name: String(input.SecretId).split(':').at(-1),
        SecretString: stages[stage],
        VersionId: `${stage.toLowerCase()}-version`,
        VersionStages: [stage],
        CreatedDate: 1_700_000_000,
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    counts: () => Object.fromEntries(counts),
    reset: () => counts.clear(),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
