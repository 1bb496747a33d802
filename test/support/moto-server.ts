// The moto AWS emulator in server mode: a real HTTP endpoint that speaks the Secrets Manager, KMS and SSM
// wire protocols, so the functions' own SDK clients talk to it through AWS_ENDPOINT_URL.
import { request } from 'node:http';
import { join } from 'node:path';
import { freePort, type ServerProcess, spawnServer, waitUntilReady } from './processes';

export interface MotoInfo {
  readonly endpoint: string;
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/**
 * Starts `moto_server` from the project's virtualenv on a free loopback port and waits until it answers.
 * `env` replaces the server's environment (e.g. MOTO_ACCOUNT_ID); `logName` names its log file in `tempDir`.
 */
export async function startMoto(
  motoServerBin: string,
  tempDir: string,
  onStarted: (server: ServerProcess) => void,
  options: { readonly env?: NodeJS.ProcessEnv; readonly logName?: string } = {},
): Promise<MotoInfo> {
  const port = await freePort();
  const { server } = await spawnServer({
    name: 'moto',
    command: motoServerBin,
    args: ['-H', '127.0.0.1', '-p', String(port)],
    logFile: join(tempDir, options.logName ?? 'moto.log'),
    env: options.env,
  });
  onStarted(server);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(server, () => answers(`${endpoint}/moto-api/`));
  return { endpoint };
}
