// npm run webhook-secret -- <env> set | show | rotate | set-github-token | revoke-previous [--no-assume-role]
// The operator's path for the webhook signing secret (see docs/webhook-secret.md):
//   set               reads the sender's new value from standard input (never argv, never echoed) and makes it
//                     AWSCURRENT; the previous value stays accepted for webhook.previousSecretGraceHours.
//   show              prints a generated value (to paste into the sender); refused for provider-issued secrets.
//   rotate            GitHub with webhook.githubHook: starts a Secrets Manager rotation (the rotation function tells
//                     GitHub). Other generated secrets: stores a new random value as AWSCURRENT; paste it into the
//                     sender (show) within the grace. Refused for provider-issued secrets (get one from the sender).
//   set-github-token  reads the GitHub token the rotation uses from standard input (with webhook.githubHook only).
//   revoke-previous   removes the AWSPREVIOUS label (and a stale AWSPENDING one), so the old value stops being
//                     accepted within one secret cache window instead of at the end of the grace. Refused while a
//                     rotation is in flight. See docs/runbook-signing-secret-leaked.md.
// Credentials: the default provider chain, then the environment's `<prefix>-webhook-secret-operator` role (which
// only webhook.operatorPrincipals may assume), with the source identity and MFA webhook.operatorTrust requires
// (--mfa-serial=ARN names the device; the code is asked for); --no-assume-role uses the current credentials as they are.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { projectConfig } from '../config/environments';
import { DEFAULT_SECRET_CACHE_TTL_SECONDS } from '../functions/shared/env';
import { InvalidSigningSecretError } from '../functions/webhook/errors';
import { SCHEMES } from '../functions/webhook/schemes';
import { arnPrefix } from '../lib/config/regions';
import type { EnvironmentConfig } from '../lib/config/types';
import { selectEnvironments, validateProject } from '../lib/config/validate';

export const COMMANDS = ['set', 'show', 'rotate', 'set-github-token', 'revoke-previous'] as const;
export type Command = (typeof COMMANDS)[number];

/** A usage or set-up problem; its message says what to do. */
export class WebhookSecretError extends Error {}

const USAGE = `usage: npm run webhook-secret -- <env> ${COMMANDS.join('|')} [--no-assume-role] [--mfa-serial=ARN]`;

export interface WebhookSecretArgs {
  readonly env: string;
  readonly command: Command;
  readonly assumeRole: boolean;
  /** --mfa-serial=ARN: the MFA device to assume the operator role with (webhook.operatorTrust.requireMfa). */
  readonly mfaSerial?: string;
}

/** Parses `<env> <command> [--no-assume-role]`. A value on the command line is refused: it would end up in the shell history. */
export function parseWebhookSecretArgs(argv: readonly string[]): WebhookSecretArgs {
  const positional = argv.filter((arg) => !arg.startsWith('--'));
  const options = argv.filter((arg) => arg.startsWith('--'));
  const unknown = options.filter((option) => option !== '--no-assume-role' && !option.startsWith('--mfa-serial='));
  const mfaSerial = options.find((option) => option.startsWith('--mfa-serial='))?.slice('--mfa-serial='.length);
  if (mfaSerial !== undefined && !MFA_SERIAL.test(mfaSerial)) {
    throw new WebhookSecretError(
      `--mfa-serial=${mfaSerial} is not an MFA device ARN (e.g. arn:aws:iam::111111111111:mfa/alice)\n${USAGE}`,
    );
  }
  if (unknown.length > 0) throw new WebhookSecretError(`unknown option ${unknown[0]}\n${USAGE}`);
  const [env, command, ...rest] = positional;
  if (env === undefined || command === undefined) throw new WebhookSecretError(USAGE);
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new WebhookSecretError(`unknown command "${command}"\n${USAGE}`);
  }
  if (rest.length > 0) {
    throw new WebhookSecretError(
      `unexpected argument after ${command}: values are read from standard input, never from the command line\n${USAGE}`,
    );
  }
  return {
    env,
    command: command as Command,
    assumeRole: !options.includes('--no-assume-role'),
    ...(mfaSerial === undefined ? {} : { mfaSerial }),
  };
}

const MFA_SERIAL = /^arn:aws[a-z-]*:iam::\d{12}:(mfa|u2f)\/[\w+=,.@/-]+$/;

/**
 * The source identity the command sets when it assumes the operator role: who the caller is, from its ARN (an IAM
 * user's name, or an assumed role's session name, which Identity Center sets to the user name). CloudTrail records
 * it on every call made with the session. STS takes 2 to 64 of [A-Za-z0-9_+=,.@-].
 */
export function sourceIdentityOf(callerArn: string): string {
  const resource = callerArn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  const who = (resource.startsWith('assumed-role/') ? parts[2] : parts.at(-1)) ?? '';
  const cleaned = who.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  if (cleaned.length < 2) {
    throw new WebhookSecretError(`cannot derive a source identity from the caller ${callerArn}`);
  }
  return cleaned;
}

/** Names of what the command touches in one environment. */
export interface SecretTargets {
  readonly signingSecretId: string;
  readonly tokenSecretId: string;
  readonly operatorRoleArn: string;
}

export function targetsOf(project: string, environment: EnvironmentConfig): SecretTargets {
  return {
    signingSecretId: `${project}/${environment.name}/webhook-signing-secret`,
    tokenSecretId: `${project}/${environment.name}/github-webhook-token`,
    operatorRoleArn: `${arnPrefix(environment.region)}:iam::${environment.accountId}:role/${project}-${environment.name}-webhook-secret-operator`,
  };
}

/**
 * An AWSPENDING version younger than this is taken for a rotation in flight: a rotation's four steps take
 * seconds to minutes, and Secrets Manager gives up retrying a failed one well within an hour. An older one was
 * left by a rotation that failed, and only keeps a value acceptable (the webhook accepts a pending value
 * within the grace).
 */
export const STALE_PENDING_AFTER_MS = 3_600_000;

/** The value typed or piped in, without the one line ending a terminal or `echo` adds. */
export function valueFromInput(input: string): string {
  return input.replace(/\r?\n$/, '');
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new random value in the form the scheme's senders use (64 letters and digits; whsec_ + 32 bytes). */
export function generatedValue(environment: EnvironmentConfig, random: (size: number) => Buffer = randomBytes): string {
  if (environment.webhook.scheme === 'standard-webhooks') return `whsec_${random(32).toString('base64')}`;
  let value = '';
  while (value.length < 64) {
    for (const byte of random(64)) {
      // 248 = 4 x 62: bytes above it would favour the first letters.
      if (byte < 248 && value.length < 64) value += ALPHANUMERIC[byte % 62];
    }
  }
  return value;
}

/** Refuses (before anything is stored) a value the webhook would refuse: blank, under 16 bytes, wrong form. */
export function checkSigningValue(environment: EnvironmentConfig, value: string): void {
  try {
    SCHEMES[environment.webhook.scheme].keyFromSecret(value);
  } catch (error) {
    if (error instanceof InvalidSigningSecretError) {
      throw new WebhookSecretError(
        `refused: ${error.message} (the webhook would answer 503); nothing was stored. Paste the value exactly as the sender shows it.`,
      );
    }
    throw error;
  }
}

/** The Secrets Manager calls the commands make (a SecretsManagerClient, or one pointed at moto in tests). */
export type SecretsManagerLike = Pick<SecretsManagerClient, 'send'>;

export interface RunOptions {
  readonly args: WebhookSecretArgs;
  readonly project: string;
  readonly environment: EnvironmentConfig;
  readonly client: SecretsManagerLike;
  /** Reads the whole value from standard input (muted when it is a terminal). */
  readonly readInput: (prompt: string) => Promise<string>;
  /** The value of `show` goes here, and nothing else. */
  readonly out: (text: string) => void;
  /** Everything said to the operator. */
  readonly say: (text: string) => void;
  /** Epoch milliseconds now, to tell a rotation in flight from a stale AWSPENDING. @default Date.now */
  readonly now?: () => number;
}

/** Runs one command; throws WebhookSecretError with what to do when it cannot. */
export async function runWebhookSecret(options: RunOptions): Promise<void> {
  const { args, environment, client, say } = options;
  const { webhook } = environment;
  const targets = targetsOf(options.project, environment);
  const graceHours = webhook.previousSecretGraceHours;
  const providerIssued = webhook.secretSource === 'provider-issued';
  const githubRotation = webhook.githubHook !== undefined;
  /** Makes `value` AWSCURRENT at once; Secrets Manager moves the old current version to AWSPREVIOUS. */
  const storeAsCurrent = (value: string) =>
    client.send(
      new PutSecretValueCommand({
        SecretId: targets.signingSecretId,
        SecretString: value,
        ClientRequestToken: randomUUID(),
        VersionStages: ['AWSCURRENT'],
      }),
    );

  switch (args.command) {
    case 'set': {
      const value = valueFromInput(
        await options.readInput(`new ${webhook.scheme} signing secret for ${environment.name} (input hidden): `),
      );
      checkSigningValue(environment, value);
      const out = await storeAsCurrent(value);
      say(
        `stored as AWSCURRENT (version ${out.VersionId}); the previous value stays accepted for ${graceHours} h.${
          githubRotation
            ? ' GitHub does not know this value: set it on the hook too, or run rotate to let the rotation do both.'
            : ''
        }`,
      );
      return;
    }
    case 'show': {
      if (providerIssued) {
        throw new WebhookSecretError(
          `${environment.name}: the ${webhook.scheme} secret is provider-issued; the sender shows it (webhook.secretSource), this command does not`,
        );
      }
      const out = await client.send(
        new GetSecretValueCommand({ SecretId: targets.signingSecretId, VersionStage: 'AWSCURRENT' }),
      );
      if (typeof out.SecretString !== 'string') {
        throw new WebhookSecretError(
          `${targets.signingSecretId} has no value yet: run npm run webhook-secret -- ${environment.name} rotate`,
        );
      }
      options.out(`${out.SecretString}\n`);
      return;
    }
    case 'rotate': {
      if (providerIssued) {
        throw new WebhookSecretError(
          `${environment.name}: the ${webhook.scheme} secret is provider-issued: create a new one at the sender, then run npm run webhook-secret -- ${environment.name} set`,
        );
      }
      if (githubRotation) {
        const described = await client.send(new DescribeSecretCommand({ SecretId: targets.signingSecretId }));
        if (described.RotationEnabled !== true) {
          throw new WebhookSecretError(
            `${targets.signingSecretId} has no rotation configured: deploy ${environment.name} with webhook.githubHook first`,
          );
        }
        const out = await client.send(new RotateSecretCommand({ SecretId: targets.signingSecretId }));
        say(
          `rotation started (version ${out.VersionId}): the rotation function sets the new value on GitHub hook ${webhook.githubHook?.hookId}, then makes it AWSCURRENT. Its log group shows each step.`,
        );
        return;
      }
      const value = generatedValue(environment);
      const out = await storeAsCurrent(value);
      say(
        `new value stored as AWSCURRENT (version ${out.VersionId}). Paste it into the sender within ${graceHours} h (npm run webhook-secret -- ${environment.name} show); until then the previous value is still accepted.`,
      );
      return;
    }
    case 'set-github-token': {
      if (!githubRotation) {
        throw new WebhookSecretError(
          `${environment.name}: no webhook.githubHook is configured, so there is no GitHub token to store`,
        );
      }
      const token = valueFromInput(
        await options.readInput(`GitHub token for ${environment.name} (input hidden): `),
      ).trim();
      if (token === '') throw new WebhookSecretError('refused: the token is empty; nothing was stored');
      const out = await client.send(
        new PutSecretValueCommand({
          SecretId: targets.tokenSecretId,
          SecretString: token,
          ClientRequestToken: randomUUID(),
        }),
      );
      say(`token stored (version ${out.VersionId}); the next rotation uses it.`);
      return;
    }
    case 'revoke-previous': {
      await revokePrevious(client, targets.signingSecretId, environment.name, (options.now ?? Date.now)(), say);
      return;
    }
  }
}

/**
 * Removes AWSPREVIOUS, and a stale AWSPENDING (one on a version that is not AWSCURRENT, with no rotation in
 * flight), with UpdateSecretVersionStage. Without rotation configured nothing moves AWSPENDING, so any such
 * label is stale. With rotation (a GitHub hook) an AWSPENDING younger than STALE_PENDING_AFTER_MS is a rotation
 * in flight: the value being replaced is still AWSCURRENT and becomes AWSPREVIOUS when it finishes, so the
 * command refuses and changes nothing; run it again once the rotation is done.
 */
async function revokePrevious(
  client: SecretsManagerLike,
  secretId: string,
  envName: string,
  nowMs: number,
  say: (text: string) => void,
): Promise<void> {
  const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  const stagesOf = Object.entries(described.VersionIdsToStages ?? {});
  const holding = (stage: string) => stagesOf.find(([, stages]) => stages.includes(stage))?.[0];
  const current = holding('AWSCURRENT');
  const previous = holding('AWSPREVIOUS');
  const pending = holding('AWSPENDING');
  const offCurrentPending = pending !== undefined && pending !== current ? pending : undefined;
  if (offCurrentPending !== undefined && described.RotationEnabled === true) {
    // Only a rotating secret can have a rotation in flight; its operator may read it (it is generated).
    const created = (await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: offCurrentPending })))
      .CreatedDate;
    const ageMs = created === undefined ? Number.POSITIVE_INFINITY : nowMs - new Date(created).getTime();
    if (ageMs < STALE_PENDING_AFTER_MS) {
      throw new WebhookSecretError(
        `${secretId}: a rotation is in flight (AWSPENDING on version ${offCurrentPending}, created ${Math.round(ageMs / 60_000)} min ago); the value it replaces is still AWSCURRENT. Nothing was changed: wait for the rotation to finish, then run npm run webhook-secret -- ${envName} revoke-previous again`,
      );
    }
  }
  const removals = [
    ...(previous === undefined ? [] : [{ stage: 'AWSPREVIOUS', versionId: previous }]),
    ...(offCurrentPending === undefined ? [] : [{ stage: 'AWSPENDING', versionId: offCurrentPending }]),
  ];
  for (const { stage, versionId } of removals) {
    await client.send(
      new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: stage, RemoveFromVersionId: versionId }),
    );
  }
  say(
    `${
      removals.length === 0
        ? 'nothing to revoke: no AWSPREVIOUS and no stale AWSPENDING label.'
        : `removed ${removals.map(({ stage, versionId }) => `${stage} from version ${versionId}`).join(' and ')}.`
    } Only AWSCURRENT (version ${current}) is accepted now; warm functions stop accepting a removed value within one secret cache window (SECRET_CACHE_TTL_SECONDS, ${DEFAULT_SECRET_CACHE_TTL_SECONDS} s by default). If AWSCURRENT is the leaked value, rotate first.`,
  );
}

/** Standard input as one string: muted prompt on a terminal (the value is never echoed), else everything piped in. */
async function readStdin(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let input = '';
    for await (const chunk of stdin) input += chunk;
    return input;
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let input = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(input);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new WebhookSecretError('cancelled'));
          return;
        }
        input = char === '\u007f' ? input.slice(0, -1) : input + char;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/** The operator role's credentials, with what its trust requires (webhook.operatorTrust): a source identity, MFA. */
async function operatorCredentials(args: WebhookSecretArgs, environment: EnvironmentConfig, targets: SecretTargets) {
  const trust = environment.webhook.operatorTrust;
  if (trust.requireMfa && args.mfaSerial === undefined) {
    throw new WebhookSecretError(
      `${environment.name}: the operator role requires MFA (webhook.operatorTrust.requireMfa): add --mfa-serial=<your MFA device ARN>`,
    );
  }
  let sourceIdentity: string | undefined;
  if (trust.requireSourceIdentity) {
    const sts = new STSClient({ region: environment.region });
    try {
      sourceIdentity = sourceIdentityOf((await sts.send(new GetCallerIdentityCommand({}))).Arn ?? '');
    } finally {
      sts.destroy();
    }
  }
  return fromTemporaryCredentials({
    params: {
      RoleArn: targets.operatorRoleArn,
      RoleSessionName: `webhook-secret-${args.command}`,
      ...(sourceIdentity === undefined ? {} : { SourceIdentity: sourceIdentity }),
      ...(args.mfaSerial === undefined ? {} : { SerialNumber: args.mfaSerial }),
    },
    ...(args.mfaSerial === undefined ? {} : { mfaCodeProvider: () => readStdin(`MFA code for ${args.mfaSerial}: `) }),
    clientConfig: { region: environment.region },
  });
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseWebhookSecretArgs(argv);
  const config = validateProject(projectConfig);
  const [environment] = selectEnvironments(config, [args.env]);
  if (environment === undefined) throw new WebhookSecretError(`unknown environment "${args.env}"`);
  const targets = targetsOf(config.name, environment);
  const client = new SecretsManagerClient({
    region: environment.region,
    ...(args.assumeRole ? { credentials: await operatorCredentials(args, environment, targets) } : {}),
  });
  try {
    await runWebhookSecret({
      args,
      project: config.name,
      environment,
      client,
      readInput: readStdin,
      out: (text) => process.stdout.write(text),
      say: (text) => process.stderr.write(`${text}\n`),
    });
  } finally {
    client.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      // SDK errors name the call and the reason (e.g. AccessDenied for a principal not in operatorPrincipals).
      process.stderr.write(
        `webhook-secret: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
      );
      process.exit(error instanceof WebhookSecretError ? 2 : 1);
    },
  );
}
