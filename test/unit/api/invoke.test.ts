import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvokeError,
  parseInvokeArgs,
  readApiFunctionUrl,
  regionFromFunctionUrl,
  signRequest,
} from '../../../ops/invoke';

// AWS's documented Signature Version 4 example (IAM ListUsers, "Examples of the complete Signature Version 4
// signing process"): fixed credentials, date, request and the resulting signature.
const AWS_EXAMPLE = {
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  date: new Date('2015-08-30T12:36:00Z'),
  signature: '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
};

describe('signRequest', () => {
  it('reproduces AWS’s documented SigV4 example', async () => {
    // Arrange
    const url = new URL('https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08');

    // Act
    const headers = await signRequest({
      url,
      method: 'GET',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      region: 'us-east-1',
      service: 'iam',
      credentials: AWS_EXAMPLE.credentials,
      signingDate: AWS_EXAMPLE.date,
    });

    // Assert
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
        `SignedHeaders=content-type;host;x-amz-date, Signature=${AWS_EXAMPLE.signature}`,
    );
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
  });

  it('signs a function URL POST as service lambda, matching a by-hand SigV4 computation over the body', async () => {
    // Arrange
    const url = new URL('https://abcdefghij.lambda-url.eu-west-1.on.aws/db/ping?b=2&a=1');
    const body = '{"hello":"world"}';
    const date = new Date('2025-10-09T08:00:00Z');
    const credentials = { ...AWS_EXAMPLE.credentials, sessionToken: 'session-token-example' };

    // Act
    const headers = await signRequest({
      url,
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      region: 'eu-west-1',
      credentials,
      signingDate: date,
    });

    // Assert
    const expected = sigV4ByHand({
      method: 'POST',
      path: '/db/ping',
      query: 'a=1&b=2',
      headers: {
        'content-type': 'application/json',
        host: url.host,
        'x-amz-date': '20251009T080000Z',
        'x-amz-security-token': 'session-token-example',
      },
      body,
      scope: '20251009/eu-west-1/lambda/aws4_request',
      secretAccessKey: credentials.secretAccessKey,
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251009/eu-west-1/lambda/aws4_request, ' +
        `SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=${expected}`,
    );
    expect(headers['x-amz-security-token']).toBe('session-token-example');
  });

  it('changes the signature when the body changes', async () => {
    const common = {
      url: new URL('https://abc.lambda-url.eu-west-1.on.aws/'),
      method: 'POST',
      region: 'eu-west-1',
      credentials: AWS_EXAMPLE.credentials,
      signingDate: AWS_EXAMPLE.date,
    };

    const a = await signRequest({ ...common, body: '{"n":1}' });
    const b = await signRequest({ ...common, body: '{"n":2}' });

    expect(a.authorization).not.toBe(b.authorization);
  });
});

/** SigV4 computed step by step from the specification, independent of @smithy/signature-v4. */
function sigV4ByHand(r: {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  scope: string;
  secretAccessKey: string;
}): string {
  const names = Object.keys(r.headers).sort();
  const canonical = [
    r.method,
    r.path,
    r.query,
    ...names.map((n) => `${n}:${r.headers[n]}`),
    '',
    names.join(';'),
    createHash('sha256').update(r.body).digest('hex'),
  ].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    r.headers['x-amz-date'],
    r.scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  const [day, region, service] = r.scope.split('/') as [string, string, string];
  let key: Buffer = createHmac('sha256', `AWS4${r.secretAccessKey}`).update(day).digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

describe('parseInvokeArgs', () => {
  it('reads env and path, defaulting to GET', () => {
    expect(parseInvokeArgs(['dev', 'db/ping'])).toEqual({
      env: 'dev',
      path: '/db/ping',
      method: 'GET',
      data: undefined,
      url: undefined,
      region: undefined,
    });
  });

  it('defaults to POST with --data and accepts --opt=value forms', () => {
    const args = parseInvokeArgs(['qa', '/items', '--data', '{"a":1}', '--url=https://x.lambda-url.us-east-1.on.aws/']);

    expect(args).toMatchObject({ method: 'POST', data: '{"a":1}', url: 'https://x.lambda-url.us-east-1.on.aws/' });
  });

  it.each([[[]], [['dev']], [['dev', '/a', 'extra']], [['dev', '/a', '--verbose']], [['dev', '/a', '--method']]])(
    'refuses %j with the usage line',
    (argv) => {
      expect(() => parseInvokeArgs(argv)).toThrow(InvokeError);
    },
  );

  it('refuses --data that is not JSON', () => {
    expect(() => parseInvokeArgs(['dev', '/', '--data', '{oops'])).toThrow('--data must be JSON');
  });
});

describe('readApiFunctionUrl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'invoke-test-'));

  it('reads apiFunctionUrl of <env>-app', () => {
    const file = join(dir, 'dev.json');
    writeFileSync(file, JSON.stringify({ 'dev-app': { apiFunctionUrl: 'https://a.lambda-url.eu-west-1.on.aws/' } }));

    expect(readApiFunctionUrl(file, 'dev')).toBe('https://a.lambda-url.eu-west-1.on.aws/');
  });

  it('says to deploy first when the outputs file is missing', () => {
    expect(() => readApiFunctionUrl(join(dir, 'prod.json'), 'prod')).toThrow(
      /not found: deploy .*npm run deploy -- prod/,
    );
  });

  it('names the missing output when the app stack is not in the file', () => {
    const file = join(dir, 'qa.json');
    writeFileSync(file, JSON.stringify({ 'qa-security': {} }));

    expect(() => readApiFunctionUrl(file, 'qa')).toThrow('has no "qa-app".apiFunctionUrl');
  });
});

describe('regionFromFunctionUrl', () => {
  it('takes the region from a function URL host', () => {
    expect(regionFromFunctionUrl(new URL('https://abc123.lambda-url.ap-southeast-2.on.aws/'))).toBe('ap-southeast-2');
  });

  it('finds none in another host', () => {
    expect(regionFromFunctionUrl(new URL('https://api.example.com/'))).toBeUndefined();
  });
});
