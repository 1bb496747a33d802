// Every AWS SDK client in the functions gives up on a stalled endpoint well before its function's timeout
// (issue "Trust, second pass": clients were built with `new XClient({})`, which waits without limit).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join, relative } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AWS_CLIENT_OPTIONS, worstCaseAwsCallMs } from '../../../functions/shared/aws-client-options';
import { classifyAwsError } from '../../../functions/shared/aws-errors';

const FUNCTIONS = join(__dirname, '../../../functions');
/** The options a client may be built with: the general ones, or the request path's (the webhook's 10 s deadline). */
const ALLOWED_OPTIONS =
  /^(AWS_CLIENT_OPTIONS|REQUEST_PATH_CLIENT_OPTIONS|\{\s*\.\.\.REQUEST_PATH_CLIENT_OPTIONS,[^}]*\})$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('AWS_CLIENT_OPTIONS', () => {
  it('is what every SDK client in functions/ is built with', () => {
    const constructions = sourceFiles(FUNCTIONS).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new (\w+Client)\(([^)]*)\)/g)]
        .filter(([, name]) => name !== 'Client') // pg's database client
        .map(([, name, args]) => ({ file: relative(FUNCTIONS, file), name, args })),
    );

    expect(constructions.length).toBeGreaterThan(0);
    expect(constructions.filter(({ args }) => !ALLOWED_OPTIONS.test(args?.trim() ?? ''))).toEqual([]);
  });

  describe('against an endpoint that accepts connections and never answers', () => {
    let server: Server;
    const sockets: Socket[] = [];
    let port = 0;
    beforeAll(async () => {
      server = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    it('fails the call with a transient TimeoutError within worstCaseAwsCallMs', async () => {
      // Arrange
      const client = new SecretsManagerClient({
        ...AWS_CLIENT_OPTIONS,
        endpoint: `http://127.0.0.1:${port}`,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      const started = Date.now();

      // Act
      const error = await client.send(new GetSecretValueCommand({ SecretId: 'x' })).catch((e: unknown) => e);
      const elapsedMs = Date.now() - started;
      client.destroy();

      // Assert
      expect(error).toMatchObject({ name: 'TimeoutError' });
      expect(classifyAwsError(error)).toBe('transient');
      expect(elapsedMs).toBeLessThan(worstCaseAwsCallMs() + 500);
      expect(sockets.length).toBe(AWS_CLIENT_OPTIONS.maxAttempts);
    });
  });
});
