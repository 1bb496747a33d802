import { readGithubRotationConfig } from '../../../functions/rotate-github-webhook/config';
import { ConfigurationError } from '../../../functions/shared/errors';

const base = {
  GITHUB_HOOK_KIND: 'repository',
  GITHUB_HOOK_TARGET: 'acme/payments',
  GITHUB_HOOK_ID: '12345',
  GITHUB_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme/dev/github-webhook-token-AbCdEf',
};

describe('readGithubRotationConfig', () => {
  it('reads a repository hook and defaults the API to api.github.com', () => {
    expect(readGithubRotationConfig(base)).toEqual({
      kind: 'repository',
      target: 'acme/payments',
      hookId: 12345,
      apiUrl: 'https://api.github.com',
      tokenSecretArn: base.GITHUB_TOKEN_SECRET_ARN,
    });
  });

  it('reads an organization hook on GitHub Enterprise Server', () => {
    const config = readGithubRotationConfig({
      ...base,
      GITHUB_HOOK_KIND: 'organization',
      GITHUB_HOOK_TARGET: 'acme',
      GITHUB_API_URL: 'https://github.example.com/api/v3',
    });

    expect(config).toMatchObject({ kind: 'organization', target: 'acme', apiUrl: 'https://github.example.com/api/v3' });
  });

  it.each([
    [{ GITHUB_HOOK_KIND: 'enterprise' }, 'GITHUB_HOOK_KIND="enterprise" must be repository or organization'],
    [{ GITHUB_HOOK_TARGET: 'acme' }, 'GITHUB_HOOK_TARGET="acme" must be owner/repo'],
    [{ GITHUB_HOOK_ID: '0' }, 'GITHUB_HOOK_ID="0" must be a positive whole number'],
    [{ GITHUB_HOOK_ID: '12a' }, 'GITHUB_HOOK_ID="12a" must be a positive whole number'],
    [{ GITHUB_API_URL: 'https://api.github.com/' }, 'must be an https URL without a trailing slash'],
    [
      { GITHUB_API_URL: 'http://github.example.com/api/v3' },
      'GITHUB_API_URL="http://github.example.com/api/v3" must be an https URL',
    ],
    [{ GITHUB_TOKEN_SECRET_ARN: '' }, 'GITHUB_TOKEN_SECRET_ARN is required'],
  ])('names the variable to fix: %j', (patch, message) => {
    expect(() => readGithubRotationConfig({ ...base, ...patch })).toThrow(ConfigurationError);
    expect(() => readGithubRotationConfig({ ...base, ...patch })).toThrow(message);
  });
});
