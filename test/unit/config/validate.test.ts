import { projectConfig } from '../../../config/environments';
import {
  ConfigError,
  type ProjectInput,
  parseCidr,
  selectEnvironments,
  validateProject,
} from '../../../config/validate';
import { multiAccount } from '../../fixtures';

/** Validates the project config with one field of one environment replaced, and returns the error message. */
function problemsWith(env: string, patch: Record<string, unknown>): string {
  const current = projectConfig.environments[env];
  const input = {
    ...projectConfig,
    environments: { ...projectConfig.environments, [env]: { ...current, ...patch } },
  } as ProjectInput;
  try {
    validateProject(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('validateProject', () => {
  it('accepts the shipped config and fills in defaults', () => {
    const config = validateProject(projectConfig);

    const dev = config.environments.find((e) => e.name === 'dev');
    const prod = config.environments.find((e) => e.name === 'prod');
    expect(config.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    expect(dev?.keyDeletionWindowDays).toBe(7);
    expect(prod?.keyDeletionWindowDays).toBe(30);
    expect(dev?.webhook).toEqual({
      scheme: 'github',
      toleranceSeconds: 300,
      maxBodyBytes: 262144,
      reservedConcurrency: 10,
    });
    expect(prod?.webhook.reservedConcurrency).toBe(50);
  });

  it('names a malformed CIDR and shows a valid example', () => {
    expect(problemsWith('staging', { cidr: '10.0.0.0/33' })).toContain(
      'environment "staging": cidr "10.0.0.0/33" is not a valid IPv4 CIDR (use e.g. 10.20.0.0/16)',
    );
  });

  it('rejects a CIDR whose host bits are set', () => {
    expect(problemsWith('dev', { cidr: '10.10.1.0/16' })).toContain('cidr "10.10.1.0/16" is not a valid IPv4 CIDR');
  });

  it('rejects a VPC CIDR outside /16 to /24', () => {
    expect(problemsWith('dev', { cidr: '10.0.0.0/8' })).toContain('must be a /16 to /24 network');
  });

  it('names a malformed account id', () => {
    expect(problemsWith('prod', { accountId: '12345' })).toContain(
      'environment "prod": accountId "12345" must be the 12-digit AWS account id, as a string',
    );
  });

  it('names a missing required value', () => {
    expect(problemsWith('dev', { region: undefined })).toContain('environment "dev": region "" is not an AWS region');
  });

  it('rejects fewer than two availability zones', () => {
    expect(problemsWith('dev', { azCount: 1 })).toContain('azCount 1 must be a whole number from 2 to 6');
  });

  it('requires the endpoints the private functions depend on', () => {
    expect(problemsWith('dev', { vpcEndpoints: ['kms', 'ssm'] })).toContain(
      'vpcEndpoints must include "secretsmanager": the private functions have no other route to it',
    );
  });

  it('rejects an unknown endpoint service', () => {
    expect(problemsWith('dev', { vpcEndpoints: ['secretsmanager', 'kms', 'ssm', 's3x'] })).toContain(
      'has unknown service "s3x"',
    );
  });

  it('rejects a log retention CloudWatch does not offer', () => {
    expect(problemsWith('dev', { logRetentionDays: 10 })).toContain(
      'logRetentionDays 10 is not a CloudWatch retention',
    );
  });

  it('requires a 30-day key deletion window in production', () => {
    expect(problemsWith('prod', { keyDeletionWindowDays: 7 })).toContain(
      'environment "prod": keyDeletionWindowDays must be 30 in a production environment',
    );
  });

  it('rejects a key deletion window under 7 days', () => {
    expect(problemsWith('dev', { keyDeletionWindowDays: 3 })).toContain(
      'keyDeletionWindowDays 3 must be a whole number from 7 to 30',
    );
  });

  it('forbids deleting secrets without recovery in production', () => {
    expect(problemsWith('prod', { secrets: { recoveryWindowDays: 0 } })).toContain(
      'secrets.recoveryWindowDays 0 deletes secrets at once and is not allowed in production',
    );
  });

  it('names an invalid state bucket', () => {
    expect(problemsWith('dev', { stateBucket: 'Bad_Bucket' })).toContain(
      'stateBucket "Bad_Bucket" is not a valid S3 bucket name',
    );
  });

  it('names an unsupported webhook scheme', () => {
    expect(problemsWith('dev', { webhook: { scheme: 'paypal' } })).toContain(
      'webhook.scheme "paypal" is not supported',
    );
  });

  it('names an invoker principal that is not an IAM ARN', () => {
    expect(problemsWith('dev', { api: { invokerTrustedPrincipals: ['*'] } })).toContain(
      'api.invokerTrustedPrincipals "*" is not an IAM role, user or account-root ARN',
    );
  });

  it('names a database user that is not a safe identifier', () => {
    expect(problemsWith('staging', { database: { appUsername: 'app-user;drop' } })).toContain(
      'database.appUsername "app-user;drop" must start with a letter',
    );
  });

  it('reports every problem at once', () => {
    const message = problemsWith('dev', { cidr: 'nope', accountId: 'x' });
    expect(message).toContain('cidr "nope"');
    expect(message).toContain('accountId "x"');
  });
});

describe('selectEnvironments', () => {
  const config = validateProject(projectConfig);

  it('selects every environment when none is named', () => {
    expect(selectEnvironments(config, []).map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
  });

  it('selects only the named environments', () => {
    expect(selectEnvironments(config, ['prod']).map((e) => e.name)).toEqual(['prod']);
  });

  it('rejects an unknown environment and lists the known ones', () => {
    expect(() => selectEnvironments(config, ['qa'])).toThrow(
      'unknown environment "qa" (known: dev, staging, prod); add it to config/environments.ts or fix the name',
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
