// The pure parts of `npm run webhook-secret`: arguments, input handling, generated values and the refusal of
// values the webhook would refuse. The Secrets Manager side runs against moto in the integration tier.

import { SCHEMES } from '../../../functions/webhook/schemes';
import type { EnvironmentConfig } from '../../../lib/config/types';
import { validateProject } from '../../../lib/config/validate';
import {
  checkSigningValue,
  generatedValue,
  parseWebhookSecretArgs,
  sourceIdentityOf,
  targetsOf,
  valueFromInput,
  WebhookSecretError,
} from '../../../ops/webhook-secret';
import { allFeatures, multiAccount } from '../../fixtures';

const environments = [
  ...validateProject(multiAccount.project).environments,
  ...validateProject(allFeatures.project).environments,
];
const named = (name: string) => environments.find((e) => e.name === name) as EnvironmentConfig;

describe('npm run webhook-secret arguments', () => {
  it('reads the environment, the command and --no-assume-role', () => {
    expect(parseWebhookSecretArgs(['uat', 'set'])).toEqual({ env: 'uat', command: 'set', assumeRole: true });
    expect(parseWebhookSecretArgs(['prod', 'rotate', '--no-assume-role'])).toEqual({
      env: 'prod',
      command: 'rotate',
      assumeRole: false,
    });
  });

  it('refuses a value on the command line: it would stay in the shell history', () => {
    expect(() => parseWebhookSecretArgs(['uat', 'set', 'whsec_abc'])).toThrow(
      /values are read from standard input, never from the command line/,
    );
  });

  it.each([[[]], [['uat']], [['uat', 'delete']], [['uat', 'show', '--value=x']]])(
    'explains the usage for %j',
    (argv) => {
      expect(() => parseWebhookSecretArgs(argv)).toThrow(WebhookSecretError);
      expect(() => parseWebhookSecretArgs(argv)).toThrow(/npm run webhook-secret -- <env>/);
    },
  );
});

describe('what the commands work on', () => {
  it('names the secrets and the operator role after the project and environment', () => {
    expect(targetsOf('full', named('prod'))).toEqual({
      signingSecretId: 'full/prod/webhook-signing-secret',
      tokenSecretId: 'full/prod/github-webhook-token',
      operatorRoleArn: 'arn:aws:iam::543210987654:role/full-prod-webhook-secret-operator',
    });
  });

  it("names the operator role in the partition of the environment's region", () => {
    expect(targetsOf('full', { ...named('prod'), region: 'cn-north-1' }).operatorRoleArn).toBe(
      'arn:aws-cn:iam::543210987654:role/full-prod-webhook-secret-operator',
    );
  });

  it('drops only the one line ending a terminal or echo adds', () => {
    expect(valueFromInput('whsec_abc\n')).toBe('whsec_abc');
    expect(valueFromInput('whsec_abc\r\n')).toBe('whsec_abc');
    expect(valueFromInput(' padded secret \n\n')).toBe(' padded secret \n');
  });

  it.each(['test', 'stage'])('generates values the %s webhook accepts as keys, different every time', (name) => {
    const environment = named(name);
    const values = new Set(Array.from({ length: 20 }, () => generatedValue(environment)));

    expect(values.size).toBe(20);
    for (const value of values) {
      expect(SCHEMES[environment.webhook.scheme].keyFromSecret(value).length).toBeGreaterThanOrEqual(32);
    }
  });

  it('generates 64 letters and digits for GitHub, whsec_ + 32 bytes for Standard Webhooks', () => {
    expect(generatedValue(named('prod'))).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(Buffer.from(generatedValue(named('stage')).slice(6), 'base64')).toHaveLength(32);
  });

  it.each([
    ['uat', '   '],
    ['uat', 'whsec_short'],
    ['stage', 'not-a-whsec-value!'],
  ])('refuses to store %s value %j the webhook would refuse, saying nothing was stored', (name, value) => {
    expect(() => checkSigningValue(named(name), value)).toThrow(/refused: .*nothing was stored/);
  });
});

describe('assuming the operator role as webhook.operatorTrust requires', () => {
  it('reads --mfa-serial and refuses what is not an MFA device ARN', () => {
    expect(parseWebhookSecretArgs(['prod', 'rotate', '--mfa-serial=arn:aws:iam::111111111111:mfa/alice'])).toEqual({
      env: 'prod',
      command: 'rotate',
      assumeRole: true,
      mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
    });
    expect(() => parseWebhookSecretArgs(['prod', 'rotate', '--mfa-serial=123456'])).toThrow(
      /--mfa-serial=123456 is not an MFA device ARN/,
    );
  });

  it.each([
    ['arn:aws:iam::111111111111:user/alice', 'alice'],
    ['arn:aws:iam::111111111111:user/ops/bob', 'bob'],
    [
      'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/carol@example.com',
      'carol@example.com',
    ],
    ['arn:aws-cn:sts::111111111111:assumed-role/ci/run:42 #7', 'run-42--7'],
  ])('names the person behind %s as %s', (arn, identity) => {
    expect(sourceIdentityOf(arn)).toBe(identity);
  });

  it('keeps a source identity within the 64 characters STS takes', () => {
    expect(sourceIdentityOf(`arn:aws:iam::111111111111:user/${'x'.repeat(80)}`)).toHaveLength(64);
  });
});
