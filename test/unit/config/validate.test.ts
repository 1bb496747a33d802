import {
  ConfigError,
  type EnvironmentInput,
  environmentList,
  type ProjectInput,
  parseCidr,
  selectEnvironments,
  validateProject,
} from '../../../lib/config/validate';
import { multiAccount } from '../../fixtures';
import { configProblems } from '../../support/config-problems';

// The multi-account fixture (test, uat, live), never config/: these tests must hold whatever a fork configures.
const project = multiAccount.project;

/** Validates the project config with one field of one environment replaced, and returns the error message. */
function problemsWith(env: string, patch: Record<string, unknown>): string {
  const current = project.environments[env];
  const input = {
    ...project,
    environments: { ...project.environments, [env]: { ...current, ...patch } },
  } as ProjectInput;
  return configProblems(input);
}

describe('validateProject', () => {
  it('accepts a valid config and fills in defaults', () => {
    const config = validateProject(project);

    const test = config.environments.find((e) => e.name === 'test');
    const live = config.environments.find((e) => e.name === 'live');
    expect(config.environments.map((e) => e.name)).toEqual(['test', 'uat', 'live']);
    expect(test?.keyDeletionWindowDays).toBe(7);
    expect(live?.keyDeletionWindowDays).toBe(30);
    expect(test?.webhook).toEqual({
      scheme: 'github',
      toleranceSeconds: 300,
      maxBodyBytes: 262144,
      reservedConcurrency: 10,
      secretSource: 'generated',
      previousSecretGraceHours: 24,
      operatorPrincipals: [],
      operatorTrust: { requireMfa: false, requireSourceIdentity: true },
      delivery: false,
    });
    expect(live?.webhook.reservedConcurrency).toBe(40);
  });

  it('names a malformed CIDR and shows a valid example', () => {
    expect(problemsWith('uat', { cidr: '10.0.0.0/33' })).toContain(
      'environment "uat": cidr "10.0.0.0/33" is not a valid IPv4 CIDR (use e.g. 10.20.0.0/16)',
    );
  });

  it('rejects a CIDR whose host bits are set', () => {
    expect(problemsWith('test', { cidr: '10.10.1.0/16' })).toContain(
      'cidr "10.10.1.0/16" has host bits set: the network of that /16 is 10.10.0.0/16',
    );
  });

  it('rejects a VPC CIDR outside /16 to /24', () => {
    expect(problemsWith('test', { cidr: '10.0.0.0/8' })).toContain('must be a /16 to /24 network');
  });

  it('names a malformed account id', () => {
    expect(problemsWith('live', { accountId: '12345' })).toContain(
      'environment "live": accountId "12345" must be the 12-digit AWS account id, as a string',
    );
  });

  it('names a missing required value', () => {
    expect(problemsWith('test', { region: undefined })).toContain('environment "test": region "" is not an AWS region');
  });

  it('rejects fewer than two availability zones', () => {
    expect(problemsWith('test', { azCount: 1 })).toContain('azCount 1 must be a whole number from 2 to 6');
  });

  it('requires the endpoints the private functions depend on', () => {
    expect(problemsWith('test', { vpcEndpoints: ['kms', 'ssm'] })).toContain(
      'vpcEndpoints must include "secretsmanager": the private functions have no other route to it',
    );
  });

  it('rejects an unknown endpoint service', () => {
    expect(problemsWith('test', { vpcEndpoints: ['secretsmanager', 'kms', 'ssm', 's3x'] })).toContain(
      'has unknown service "s3x"',
    );
  });

  it('rejects a log retention CloudWatch does not offer', () => {
    expect(problemsWith('test', { logRetentionDays: 10 })).toContain(
      'logRetentionDays 10 is not a CloudWatch retention',
    );
  });

  it('requires a 30-day key deletion window in production', () => {
    expect(problemsWith('live', { keyDeletionWindowDays: 7 })).toContain(
      'environment "live": keyDeletionWindowDays must be 30 in a production environment',
    );
  });

  it('rejects a key deletion window under 7 days', () => {
    expect(problemsWith('test', { keyDeletionWindowDays: 3 })).toContain(
      'keyDeletionWindowDays 3 must be a whole number from 7 to 30',
    );
  });

  it('forbids deleting secrets without recovery in production', () => {
    expect(problemsWith('live', { secrets: { recoveryWindowDays: 0 } })).toContain(
      'secrets.recoveryWindowDays 0 deletes secrets at once and is not allowed in production',
    );
  });

  it('names an invalid state bucket', () => {
    expect(problemsWith('test', { stateBucket: 'Bad_Bucket' })).toContain(
      'stateBucket "Bad_Bucket" is not a valid S3 bucket name',
    );
  });

  it('names an unsupported webhook scheme', () => {
    expect(problemsWith('test', { webhook: { scheme: 'paypal' } })).toContain(
      'webhook.scheme "paypal" is not supported',
    );
  });

  it.each([
    ['github', 'generated'],
    ['standard-webhooks', 'generated'],
    ['stripe', 'provider-issued'],
    ['slack', 'provider-issued'],
  ] as const)('gives a %s webhook the secret source %s unless told otherwise', (scheme, source) => {
    const config = validateProject({
      ...project,
      environments: { test: { ...project.environments.test, webhook: { scheme } } as EnvironmentInput },
    });

    expect(config.environments[0]?.webhook.secretSource).toBe(source);
  });

  it('names an unknown webhook secret source', () => {
    expect(problemsWith('test', { webhook: { secretSource: 'manual' as never } })).toContain(
      'webhook.secretSource "manual" is not one of generated, provider-issued',
    );
  });

  it('bounds the previous-secret grace to 0..720 hours', () => {
    expect(problemsWith('test', { webhook: { previousSecretGraceHours: 721 } })).toContain(
      'webhook.previousSecretGraceHours 721 must be a whole number from 0 to 720',
    );
  });

  it('refuses a GitHub hook target for a scheme other than github or a provider-issued secret', () => {
    const hook = { kind: 'repository', target: 'acme/payments', hookId: 1 } as const;

    expect(problemsWith('test', { webhook: { scheme: 'stripe', githubHook: hook } })).toContain(
      'webhook.githubHook is set, but the GitHub rotation needs webhook.scheme "github"',
    );
    expect(problemsWith('test', { webhook: { secretSource: 'provider-issued', githubHook: hook } })).toContain(
      'webhook.githubHook is set',
    );
  });

  it('names a malformed GitHub hook target, id and API URL', () => {
    const problems = problemsWith('test', {
      webhook: { githubHook: { kind: 'repository', target: 'no-slash', hookId: 0, apiUrl: 'http://github.example/' } },
    });

    expect(problems).toContain('webhook.githubHook.target "no-slash" must be owner/repo');
    expect(problems).toContain("webhook.githubHook.hookId 0 must be the hook's numeric id");
    expect(problems).toContain('webhook.githubHook.apiUrl "http://github.example/" must be an https URL');
  });

  it('defaults the operator trust to a source identity without MFA, and refuses a value that is not true or false', () => {
    const config = validateProject(project);
    const refused = problemsWith('test', { webhook: { operatorTrust: { requireMfa: 'yes' } } });

    expect(config.environments[0]?.webhook.operatorTrust).toEqual({ requireMfa: false, requireSourceIdentity: true });
    expect(config.environments[0]?.api.invokerTrust).toEqual({ requireMfa: false, requireSourceIdentity: false });
    expect(refused).toContain('webhook.operatorTrust.requireMfa yes must be true or false');
  });

  it('refuses previousSecretGraceHours 0 with a GitHub hook: the pending value must verify during a rotation', () => {
    const hook = { kind: 'repository', target: 'acme/payments', hookId: 42 } as const;

    const refused = problemsWith('test', { webhook: { githubHook: hook, previousSecretGraceHours: 0 } });
    const withoutHook = () =>
      validateProject({
        ...project,
        environments: {
          ...project.environments,
          test: { ...project.environments.test, webhook: { previousSecretGraceHours: 0 } },
        },
      } as ProjectInput);

    expect(refused).toContain(
      'webhook.previousSecretGraceHours is 0, but webhook.githubHook rotates the secret: GitHub signs with the pending value',
    );
    expect(refused).toContain('Set at least 1 (hours), or remove githubHook');
    expect(withoutHook).not.toThrow();
  });

  it('accepts an organization hook and defaults the API URL to api.github.com', () => {
    const config = validateProject({
      ...project,
      environments: {
        test: {
          ...project.environments.test,
          webhook: { githubHook: { kind: 'organization', target: 'acme', hookId: 42 } },
        } as EnvironmentInput,
      },
    });

    expect(config.environments[0]?.webhook.githubHook).toEqual({
      kind: 'organization',
      target: 'acme',
      hookId: 42,
      apiUrl: 'https://api.github.com',
    });
  });

  it('turns webhook delivery on with a 30-day replay window unless told otherwise', () => {
    const config = validateProject(project);

    const uat = config.environments.find((e) => e.name === 'uat');
    const test = config.environments.find((e) => e.name === 'test');
    expect(uat?.webhook.delivery).toEqual({ dedupeDays: 30 });
    expect(test?.webhook.delivery).toBe(false);
  });

  it('takes the replay window from webhook.delivery.dedupeDays, and {} for the defaults', () => {
    const withDelivery = (delivery: unknown) =>
      validateProject({
        ...project,
        environments: { uat: { ...project.environments.uat, webhook: { delivery } } as EnvironmentInput },
      }).environments[0]?.webhook.delivery;

    expect(withDelivery({ dedupeDays: 3 })).toEqual({ dedupeDays: 3 });
    expect(withDelivery({ dedupeDays: 365 })).toEqual({ dedupeDays: 365 });
    expect(withDelivery({})).toEqual({ dedupeDays: 30 });
  });

  it.each([2, 366, 7.5, '30'])('refuses a replay window of %p days, naming the field and the range', (days) => {
    expect(problemsWith('uat', { webhook: { delivery: { dedupeDays: days } } })).toContain(
      `environment "uat": webhook.delivery.dedupeDays ${String(days)} must be a whole number of days from 3 (senders retry for up to 3 days) to 365`,
    );
  });

  it.each([true, 'off', null, []])('refuses webhook.delivery %p, saying what it may be', (delivery) => {
    expect(problemsWith('uat', { webhook: { delivery } })).toContain(
      `environment "uat": webhook.delivery ${JSON.stringify(delivery)} must be false (verify and acknowledge only) or an object such as { dedupeDays: 30 }`,
    );
  });

  it('refuses an unknown key inside webhook.delivery, naming its path', () => {
    expect(problemsWith('uat', { webhook: { delivery: { dedupeDay: 10 } } })).toContain(
      'environment "uat": webhook.delivery.dedupeDay is not a known setting (did you mean "webhook.delivery.dedupeDays"?)',
    );
  });

  it('names an operator principal that is not a role or user ARN', () => {
    expect(problemsWith('test', { webhook: { operatorPrincipals: ['arn:aws:iam::111111111111:root'] } })).toContain(
      'webhook.operatorPrincipals "arn:aws:iam::111111111111:root" is not an IAM role or user ARN',
    );
  });

  it('names an invoker principal that is not an IAM ARN', () => {
    expect(problemsWith('test', { api: { invokerTrustedPrincipals: ['*'] } })).toContain(
      'api.invokerTrustedPrincipals "*" is not an IAM role, user or account-root ARN',
    );
  });

  it('names an API signing key that is not a ciphertext from npm run encrypt', () => {
    expect(problemsWith('test', { api: { signingKeyCiphertext: 'my-plain-key' } })).toContain(
      'api.signingKeyCiphertext is not a ciphertext (paste what npm run encrypt -- --env test --function api prints)',
    );
    const ciphertext = Buffer.alloc(64, 7).toString('base64');
    expect(() =>
      validateProject({
        ...project,
        environments: {
          ...project.environments,
          test: { ...project.environments.test, api: { signingKeyCiphertext: ciphertext } },
        },
      } as ProjectInput),
    ).not.toThrow();
  });

  it('names a database user that is not a safe identifier', () => {
    expect(problemsWith('uat', { database: { appUsername: 'app-user;drop' } })).toContain(
      'database.appUsername "app-user;drop" must start with a letter',
    );
  });

  it('reports every problem at once', () => {
    const message = problemsWith('test', { cidr: 'nope', accountId: 'x' });
    expect(message).toContain('cidr "nope"');
    expect(message).toContain('accountId "x"');
  });
});

describe('environmentList', () => {
  it('reads the names of a comma-separated list, ignoring spaces and empty entries', () => {
    expect(environmentList(' test, live,,uat ')).toEqual(['test', 'live', 'uat']);
    expect(environmentList('')).toEqual([]);
    expect(environmentList(undefined)).toEqual([]);
  });
});

describe('selectEnvironments', () => {
  const config = validateProject(project);

  it('selects every environment when none is named', () => {
    expect(selectEnvironments(config, []).map((e) => e.name)).toEqual(['test', 'uat', 'live']);
  });

  it('selects only the named environments', () => {
    expect(selectEnvironments(config, ['live']).map((e) => e.name)).toEqual(['live']);
  });

  it('rejects an unknown environment and lists the known ones', () => {
    expect(() => selectEnvironments(config, ['qa'])).toThrow(
      'unknown environment "qa" (known: test, uat, live); add it to config/environments.ts or fix the name',
    );
  });
});

describe('parseCidr', () => {
  it('parses a network and its prefix', () => {
    expect(parseCidr('10.20.0.0/16')).toEqual({ network: 0x0a140000, prefix: 16 });
  });

  it.each(['10.0.0.0', '256.0.0.0/16', '10.0.0.0/33', '10.0.0/16', 'a.b.c.d/8'])('rejects %s', (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });
});

describe('alarms and budget settings', () => {
  /** Validates the multi-account fixture with `patch` applied to one environment; returns the config or the message. */
  function validateWith(env: string, patch: Record<string, unknown>): ReturnType<typeof validateProject> | string {
    const { project } = multiAccount;
    const input = {
      ...project,
      environments: { ...project.environments, [env]: { ...project.environments[env], ...patch } },
    } as ProjectInput;
    try {
      return validateProject(input);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  }
  function environment(result: ReturnType<typeof validateWith>, name: string) {
    if (typeof result === 'string') throw new Error(result);
    return result.environments.find((e) => e.name === name);
  }

  it('defaults to no alarm emails outside production, a 100 USD budget and the alarm emails as budget recipients', () => {
    const result = validateWith('uat', { alarms: undefined, budget: undefined });

    expect(environment(result, 'uat')).toMatchObject({
      alarms: { emails: [] },
      budget: { monthlyUsd: 100, recipients: [] },
    });
    expect(environment(result, 'live')).toMatchObject({
      alarms: { emails: ['oncall@multi.example'] },
      budget: { monthlyUsd: 300, recipients: ['oncall@multi.example'] },
    });
  });

  it('requires an alarm email in production', () => {
    expect(validateWith('live', { alarms: { emails: [] } })).toContain(
      'environment "live": alarms.emails is empty: a production environment must tell someone when it breaks',
    );
  });

  it('names an address that is not an email and an endpoint that is not https', () => {
    const message = validateWith('uat', {
      alarms: { emails: ['oncall'], httpsEndpoint: 'http://hooks.example.com/x' },
    });

    expect(message).toContain('environment "uat": alarms.emails "oncall" is not an email address');
    expect(message).toContain(
      'environment "uat": alarms.httpsEndpoint "http://hooks.example.com/x" must be an https:// URL',
    );
  });

  it('rejects a budget that is not a positive amount in cents, or that emails more than AWS Budgets allows', () => {
    const recipients = Array.from({ length: 11 }, (_, i) => `person${i}@multi.example`);

    expect(validateWith('uat', { budget: { monthlyUsd: 0 } })).toContain(
      'environment "uat": budget.monthlyUsd 0 must be a number of US dollars above 0',
    );
    expect(validateWith('uat', { budget: { monthlyUsd: 10.005 } })).toContain('has more than two decimals');
    expect(validateWith('uat', { budget: { recipients } })).toContain(
      'environment "uat": budget.recipients lists 11 addresses; AWS Budgets notifies at most 10',
    );
  });

  it('requires production budget recipients when they are set to none', () => {
    expect(validateWith('live', { budget: { recipients: [] } })).toContain(
      'environment "live": budget.recipients is empty: a production budget must alert someone',
    );
  });
});
