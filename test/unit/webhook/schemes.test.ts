import {
  BlankSigningSecretError,
  MalformedRequestError,
  MalformedSigningSecretError,
  ShortSigningSecretError,
  SignatureMismatchError,
  TimestampOutOfToleranceError,
} from '../../../functions/webhook/errors';
import { SCHEMES } from '../../../functions/webhook/schemes';
import { verifyWebhook } from '../../../functions/webhook/verify';
import { type SchemeUnderTest, secretFor, signedHeaders, stripeSignature } from './signers';

const TOLERANCE = 300;

function verify(
  scheme: SchemeUnderTest,
  headers: Record<string, string>,
  body: string,
  secrets: string[],
  now: number,
) {
  const s = SCHEMES[scheme];
  return verifyWebhook(
    s,
    headers,
    Buffer.from(body),
    secrets.map((secret) => s.keyFromSecret(secret)),
    { nowSeconds: now, toleranceSeconds: TOLERANCE },
  );
}

describe('published example vectors', () => {
  it('accepts GitHub’s documented example (docs.github.com, validating webhook deliveries)', () => {
    // Arrange
    const headers = {
      'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    };

    // Act
    const index = verify('github', headers, 'Hello, World!', ["It's a Secret to Everybody"], 0);

    // Assert
    expect(index).toBe(0);
  });

  it('accepts Slack’s documented example (api.slack.com, verifying requests from Slack)', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = {
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    };

    const index = verify('slack', headers, body, ['8f742231b10e8888abcd99yyyzzz85a5'], 1531420618 + 10);

    expect(index).toBe(0);
  });

  it('accepts the Standard Webhooks reference vector (standard-webhooks libraries’ test suite)', () => {
    const headers = {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };

    const index = verify(
      'standard-webhooks',
      headers,
      '{"test": 2432232314}',
      ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      1614265330,
    );

    expect(index).toBe(0);
  });

  it('reads Stripe’s documented header layout (t, two v1 while rolling, a v0) and verifies the matching v1', () => {
    // Stripe publishes no secret+payload vector; the header shape is theirs, the values are ours. The
    // official SDK cross-checks the values in oracles.test.ts.
    const secret = 'whsec_test_secret';
    const body = '{"id":"evt_test_webhook","object":"event"}';
    const header = `t=1492774577,v1=${'0'.repeat(64)},v1=${stripeSignature(secret, 1492774577, body)},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39`;

    const index = verify('stripe', { 'stripe-signature': header }, body, [secret], 1492774577);

    expect(index).toBe(0);
  });
});

describe.each<SchemeUnderTest>(['github', 'stripe', 'slack', 'standard-webhooks'])('%s', (scheme) => {
  const now = 1_760_000_000;
  const secret = secretFor(scheme, 'current');
  const body = '{"action":"opened","number":42}';

  it('accepts a request signed with the secret', () => {
    const index = verify(scheme, signedHeaders(scheme, secret, body, now), body, [secret], now);

    expect(index).toBe(0);
  });

  it('rejects a body changed by one byte', () => {
    const headers = signedHeaders(scheme, secret, body, now);

    expect(() => verify(scheme, headers, body.replace('42', '43'), [secret], now)).toThrow(SignatureMismatchError);
  });

  it('rejects a body with a trailing newline added (the raw bytes are signed, not the JSON)', () => {
    const headers = signedHeaders(scheme, secret, body, now);

    expect(() => verify(scheme, headers, `${body}\n`, [secret], now)).toThrow(SignatureMismatchError);
  });

  it('rejects a signature with one character changed', () => {
    const headers = signedHeaders(scheme, secret, body, now);
    const name = Object.keys(headers).find((h) => /signature/.test(h)) as string;
    const value = headers[name] as string;
    const last = value.at(-2) === 'a' ? 'b' : 'a';
    const tampered = { ...headers, [name]: `${value.slice(0, -2)}${last}${value.slice(-1)}` };

    expect(() => verify(scheme, tampered, body, [secret], now)).toThrow(SignatureMismatchError);
  });

  it('rejects a request signed with another secret', () => {
    const headers = signedHeaders(scheme, secretFor(scheme, 'attacker'), body, now);

    expect(() => verify(scheme, headers, body, [secret], now)).toThrow(SignatureMismatchError);
  });

  it('accepts the previous secret during a rotation and says which key matched', () => {
    const previous = secretFor(scheme, 'previous');
    const headers = signedHeaders(scheme, previous, body, now);

    const index = verify(scheme, headers, body, [secret, previous], now);

    expect(index).toBe(1);
  });

  it('rejects every request with an empty key list', () => {
    const headers = signedHeaders(scheme, secret, body, now);

    expect(() => verify(scheme, headers, body, [], now)).toThrow(SignatureMismatchError);
  });

  it('rejects a request without any of its signature headers as malformed', () => {
    expect(() => verify(scheme, {}, body, [secret], now)).toThrow(MalformedRequestError);
  });

  if (scheme !== 'github') {
    it('rejects a timestamp changed after signing', () => {
      const headers = signedHeaders(scheme, secret, body, now);
      const moved = JSON.parse(JSON.stringify(headers).replaceAll(String(now), String(now + 1)));
      // The Stripe header carries the signature next to t=; keep the original signature.
      if (scheme === 'stripe') {
        moved['stripe-signature'] = (headers['stripe-signature'] as string).replace(`t=${now}`, `t=${now + 1}`);
      }

      expect(() => verify(scheme, moved, body, [secret], now)).toThrow(SignatureMismatchError);
    });

    it('rejects a request signed longer ago than the tolerance', () => {
      const signedAt = now - TOLERANCE - 1;
      const headers = signedHeaders(scheme, secret, body, signedAt);

      expect(() => verify(scheme, headers, body, [secret], now)).toThrow(TimestampOutOfToleranceError);
    });

    it('rejects a request signed further in the future than the tolerance', () => {
      const signedAt = now + TOLERANCE + 1;
      const headers = signedHeaders(scheme, secret, body, signedAt);

      expect(() => verify(scheme, headers, body, [secret], now)).toThrow(TimestampOutOfToleranceError);
    });

    it('accepts a request exactly at the edge of the tolerance, both ways', () => {
      const early = signedHeaders(scheme, secret, body, now - TOLERANCE);
      const late = signedHeaders(scheme, secret, body, now + TOLERANCE);

      expect(verify(scheme, early, body, [secret], now)).toBe(0);
      expect(verify(scheme, late, body, [secret], now)).toBe(0);
    });

    it.each(['', 'soon', '-1', '1.5', '1e9', ' 1760000000', '0x68e5cf80', '1234567890123'])(
      'rejects the timestamp %j as malformed',
      (timestamp) => {
        const headers = signedHeaders(scheme, secret, body, now);
        const withTimestamp = JSON.parse(JSON.stringify(headers).replaceAll(String(now), timestamp));

        expect(() => verify(scheme, withTimestamp, body, [secret], now)).toThrow(MalformedRequestError);
      },
    );
  }
});

describe('scheme-specific header formats', () => {
  const now = 1_760_000_000;
  const body = 'payload';

  it.each([
    ['github without the sha256= prefix', 'github', { 'x-hub-signature-256': 'a'.repeat(64) }],
    ['github with the legacy sha1= header only', 'github', { 'x-hub-signature': `sha1=${'a'.repeat(40)}` }],
    [
      'slack without the v0= prefix',
      'slack',
      { 'x-slack-signature': 'a'.repeat(64), 'x-slack-request-timestamp': `${now}` },
    ],
    ['slack without its timestamp header', 'slack', { 'x-slack-signature': `v0=${'a'.repeat(64)}` }],
    ['stripe without t=', 'stripe', { 'stripe-signature': `v1=${'a'.repeat(64)}` }],
    ['stripe without any v1=', 'stripe', { 'stripe-signature': `t=${now},v0=${'a'.repeat(64)}` }],
    ['stripe with two timestamps', 'stripe', { 'stripe-signature': `t=${now},t=${now + 1},v1=${'a'.repeat(64)}` }],
    [
      'standard-webhooks without webhook-id',
      'standard-webhooks',
      { 'webhook-timestamp': `${now}`, 'webhook-signature': 'v1,AAAA' },
    ],
    [
      'standard-webhooks with only asymmetric v1a signatures',
      'standard-webhooks',
      { 'webhook-id': 'msg_1', 'webhook-timestamp': `${now}`, 'webhook-signature': 'v1a,AAAA' },
    ],
  ] as const)('rejects %s as malformed', (_label, scheme, headers) => {
    expect(() => verify(scheme, { ...headers }, body, [secretFor(scheme, 'x')], now)).toThrow(MalformedRequestError);
  });

  it('tries every v1 signature Stripe lists', () => {
    const secret = 'whsec_rolling_secret';
    const good = stripeSignature(secret, now, body);
    const goodLast = `t=${now},v1=${'f'.repeat(64)},v1=not-hex,v1=${good}`;
    const goodFirst = `t=${now},v1=${good},v1=${'f'.repeat(64)}`;

    expect(verify('stripe', { 'stripe-signature': goodLast }, body, [secret], now)).toBe(0);
    expect(verify('stripe', { 'stripe-signature': goodFirst }, body, [secret], now)).toBe(0);
  });

  it('tries every signature of a Standard Webhooks list and skips other versions', () => {
    const secret = secretFor('standard-webhooks', 'current');
    const signed = signedHeaders('standard-webhooks', secret, body, now);
    const list = `v1,${'A'.repeat(43)}= v1a,${'B'.repeat(86)}== ${signed['webhook-signature']}`;

    expect(verify('standard-webhooks', { ...signed, 'webhook-signature': list }, body, [secret], now)).toBe(0);
  });

  it('compares GitHub’s hex exactly: an upper-case copy of the right digest does not match', () => {
    const secret = 'gh-webhook-secret';
    const upper = `sha256=${signedHeaders('github', secret, body, now)['x-hub-signature-256']?.slice(7).toUpperCase()}`;

    expect(() => verify('github', { 'x-hub-signature-256': upper }, body, [secret], now)).toThrow(
      SignatureMismatchError,
    );
  });

  it('accepts a Standard Webhooks secret with or without the whsec_ prefix as the same key', () => {
    const withPrefix = SCHEMES['standard-webhooks'].keyFromSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    const withoutPrefix = SCHEMES['standard-webhooks'].keyFromSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');

    expect(withPrefix.equals(withoutPrefix)).toBe(true);
    expect(withPrefix).toHaveLength(24);
  });

  it.each([
    ['whsec_', BlankSigningSecretError],
    ['whsec_   ', BlankSigningSecretError],
    ['whsec_not base64!', MalformedSigningSecretError],
    ['whsec_abc', MalformedSigningSecretError],
    // 15 bytes once decoded: valid base64, too short a key.
    [`whsec_${Buffer.alloc(15, 7).toString('base64')}`, ShortSigningSecretError],
  ])('refuses %j as a Standard Webhooks secret', (secret, refusal) => {
    expect(() => SCHEMES['standard-webhooks'].keyFromSecret(secret)).toThrow(refusal);
  });

  it('accepts a Standard Webhooks key of exactly 16 decoded bytes', () => {
    expect(SCHEMES['standard-webhooks'].keyFromSecret(`whsec_${Buffer.alloc(16, 7).toString('base64')}`)).toHaveLength(
      16,
    );
  });

  describe.each(['github', 'stripe', 'slack'] as const)('%s secrets used as UTF-8 bytes', (name) => {
    it.each(['', ' ', '\t\n', ' '.repeat(40), '\u3000\u00a0'])('refuses the blank secret %j', (secret) => {
      expect(() => SCHEMES[name].keyFromSecret(secret)).toThrow(BlankSigningSecretError);
    });

    it('refuses a secret of 15 bytes and accepts one of 16', () => {
      expect(() => SCHEMES[name].keyFromSecret('a'.repeat(15))).toThrow(ShortSigningSecretError);
      expect(SCHEMES[name].keyFromSecret('a'.repeat(16))).toHaveLength(16);
    });

    it('counts bytes, not characters: 8 two-byte characters are a 16-byte key', () => {
      expect(SCHEMES[name].keyFromSecret('é'.repeat(8))).toHaveLength(16);
    });

    it('keeps surrounding whitespace of a non-blank secret: the sender signs with it as stored', () => {
      expect(SCHEMES[name].keyFromSecret(' sixteen-bytes-key ').toString()).toBe(' sixteen-bytes-key ');
    });
  });

  it('uses the Stripe secret as-is, whsec_ prefix included, as the HMAC key', () => {
    expect(SCHEMES.stripe.keyFromSecret('whsec_abcdefghijklmnop').toString()).toBe('whsec_abcdefghijklmnop');
  });
});
