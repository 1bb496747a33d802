// npm run encrypt and the runtime helper against moto's KMS: what the script encrypts for one function
// decrypts there, and only there (moto binds the encryption context to the ciphertext as KMS does). Every test runs on
// the multi-account fixture, the process-level one too (a checkout whose config/ holds the fixture), so a fork's
// config/ cannot change them.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { EncryptedEnvironment } from '../../functions/shared/encrypted-env';
import { validateProject } from '../../lib/config/validate';
import { main } from '../../ops/encrypt';
import { multiAccount } from '../fixtures';
import { checkoutWithConfig } from '../support/fixture-checkout';
import { awsClientConfig, loadServices, projectRoot } from '../support/services';

const services = loadServices();
const project = validateProject(multiAccount.project);
const environment = project.environments[0];
if (!environment) throw new Error('the multi-account fixture has no environment');
const prefix = `${project.name}-${environment.name}`;
const kms = new KMSClient({ ...awsClientConfig(services), region: environment.region });

beforeAll(async () => {
  const key = await kms.send(new CreateKeyCommand({ Description: 'environment key' }));
  await kms.send(new CreateAliasCommand({ AliasName: `alias/${prefix}`, TargetKeyId: key.KeyMetadata?.KeyId }));
});

afterAll(() => kms.destroy());

function io(stdinText = '') {
  const out: string[] = [];
  const err: string[] = [];
  const { Readable } = require('node:stream') as typeof import('node:stream');
  return {
    io: {
      stdin: Readable.from([Buffer.from(stdinText)]),
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
    },
    out,
    err,
  };
}

function runtimeFor(functionName: string, ciphertext: string) {
  return new EncryptedEnvironment({ kms, env: { TOKEN: ciphertext, AWS_LAMBDA_FUNCTION_NAME: functionName } });
}

describe('npm run encrypt', () => {
  it('prints a ciphertext the named function decrypts at run time', async () => {
    const { io: streams, out, err } = io();

    const code = await main(
      ['--env', environment.name, '--function', 'api', 'correct horse'],
      streams,
      () => kms,
      multiAccount.project,
    );

    expect(code).toBe(0);
    expect(err.join('')).toContain(`alias/${prefix} for function ${prefix}-api`);
    await expect(runtimeFor(`${prefix}-api`, out.join('').trim()).get('TOKEN')).resolves.toBe('correct horse');
  });

  it('reads the value from standard input, so it stays out of the shell history', async () => {
    const { io: streams, out } = io('from stdin\n');

    const code = await main(
      ['--env', environment.name, '--function', `${prefix}-webhook`],
      streams,
      () => kms,
      multiAccount.project,
    );

    expect(code).toBe(0);
    await expect(runtimeFor(`${prefix}-webhook`, out.join('').trim()).get('TOKEN')).resolves.toBe('from stdin');
  });

  it('makes a ciphertext that another function cannot decrypt', async () => {
    const { io: streams, out } = io();
    await main(
      ['--env', environment.name, '--function', 'api', 'for the api only'],
      streams,
      () => kms,
      multiAccount.project,
    );

    const elsewhere = runtimeFor(`${prefix}-webhook`, out.join('').trim()).get('TOKEN');

    await expect(elsewhere).rejects.toMatchObject({ name: 'EncryptedValueError' });
  });

  it.each([
    [['--function', 'api', 'x'], /--env is required/],
    [['--env', 'nowhere', '--function', 'api', 'x'], /unknown environment "nowhere"/],
    [['--env', 'test', 'x'], /--function is required/],
    [['--env', 'test', '--function', 'api', 'a', 'b'], /give one value/],
  ])('explains %j with the usage and exit code 2', async (argv, message) => {
    const { io: streams, err } = io();

    const code = await main(argv, streams, () => kms, multiAccount.project);

    expect(code).toBe(2);
    expect(err.join('')).toMatch(message);
    expect(err.join('')).toContain('usage: npm run encrypt');
  });

  it('runs as `npm run encrypt` with the SDK pointed at the emulator by AWS_ENDPOINT_URL', async () => {
    const checkout = checkoutWithConfig(multiAccount);

    const result = spawnSync(
      process.execPath,
      [
        join(projectRoot, 'node_modules/tsx/dist/cli.mjs'),
        'ops/encrypt.ts',
        '--env',
        environment.name,
        '--function',
        'api',
      ],
      {
        cwd: checkout,
        input: 'piped value\n',
        encoding: 'utf8',
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: services.aws.endpoint,
          AWS_ACCESS_KEY_ID: services.aws.accessKeyId,
          AWS_SECRET_ACCESS_KEY: services.aws.secretAccessKey,
        },
      },
    );
    rmSync(checkout, { recursive: true, force: true });

    expect(result.stderr).toContain(`encrypted with alias/${prefix} for function ${prefix}-api`);
    expect(result.status).toBe(0);
    await expect(runtimeFor(`${prefix}-api`, result.stdout.trim()).get('TOKEN')).resolves.toBe('piped value');
  });
});
