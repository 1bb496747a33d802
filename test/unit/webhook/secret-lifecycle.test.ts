// The verifier's rules for which secret versions it accepts, and how it behaves when the secret is bad or
// Secrets Manager is in trouble: issue "Webhook signing secret", rules 2, 4, 5 and 6.
import type { AppLogger } from '../../../functions/shared/logger';
import { SecretCache, type SecretsManagerReader } from '../../../functions/shared/secret-cache';
import { createHandler, signingSecretCache } from '../../../functions/webhook/handler';
import { ERROR_RESPONSES, errorResponse, UNEXPECTED_ERROR } from '../../../functions/webhook/responses';
import { PENDING_REFRESH_SECONDS } from '../../../functions/webhook/signing-keys';
import { capturingLogger } from '../shared/capture-logs';
import { FakeSecrets, urlEvent, webhookConfig } from './fakes';
import { type SchemeUnderTest, secretFor, signedHeaders } from './signers';

const NOW_MS = 1_760_000_000_000;
const NOW = NOW_MS / 1000;
const HOUR_MS = 3_600_000;
const silent: AppLogger = { info() {}, warn() {}, error() {}, addContext() {} };
const body = '{"action":"opened"}';

function clockAt(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function handlerWith(
  scheme: SchemeUnderTest,
  secrets: FakeSecrets | SecretCache,
  options: { clock?: { now(): number }; logger?: AppLogger; graceSeconds?: number } = {},
) {
  return createHandler({
    config: webhookConfig(scheme, { previousSecretGraceSeconds: options.graceSeconds ?? 86_400 }),
    secrets,
    clock: options.clock ?? { now: () => NOW_MS },
    logger: options.logger ?? silent,
  });
}

function signedBy(scheme: SchemeUnderTest, secret: string, atMs = NOW_MS) {
  return urlEvent({ headers: signedHeaders(scheme, secret, body, atMs / 1000), body, timeEpoch: atMs });
}

describe('fail closed on a signing secret that must not be a key', () => {
  const cases: Array<[SchemeUnderTest, string, string]> = [
    ['github', '', 'signing_secret_blank'],
    ['github', '   \n', 'signing_secret_blank'],
    ['stripe', ' '.repeat(32), 'signing_secret_blank'],
    ['slack', '\t', 'signing_secret_blank'],
    ['github', 'fifteen-bytes!!', 'signing_secret_too_short'],
    ['slack', 'short', 'signing_secret_too_short'],
    ['standard-webhooks', 'whsec_   ', 'signing_secret_blank'],
    ['standard-webhooks', `whsec_${Buffer.alloc(15, 1).toString('base64')}`, 'signing_secret_too_short'],
    ['standard-webhooks', 'whsec_***', 'signing_secret_malformed'],
  ];

  it.each(cases)(
    '%s with AWSCURRENT %j: 503, reason %s in the log, even for a request signed with it',
    async (scheme, secret, reason) => {
      // Arrange: the request is signed with the very secret, so a verifier that used it would accept.
      const logs = capturingLogger();
      try {
        const handler = handlerWith(scheme, new FakeSecrets({ AWSCURRENT: secret }), { logger: logs.logger });
        const event = urlEvent({
          headers:
            scheme === 'standard-webhooks'
              ? signedHeaders(scheme, secretFor(scheme, 'x'), body, NOW)
              : signedHeaders(scheme, secret, body, NOW),
          body,
          timeEpoch: NOW_MS,
        });

        // Act
        const response = await handler(event);

        // Assert
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('30');
        const line = JSON.parse(logs.lines().at(-1) ?? '{}');
        expect(line).toMatchObject({ level: 'ERROR', status: 503, reason });
      } finally {
        logs.restore();
      }
    },
  );

  it('skips a blank AWSPREVIOUS instead of verifying with it', async () => {
    const handler = handlerWith(
      'github',
      new FakeSecrets({ AWSCURRENT: secretFor('github', 'current'), AWSPREVIOUS: '  ' }),
    );

    const response = await handler(signedBy('github', '  '));

    expect(response.statusCode).toBe(401);
  });
});

describe('AWSPREVIOUS only within the grace after AWSCURRENT was created', () => {
  const current = secretFor('stripe', 'current');
  const previous = secretFor('stripe', 'previous');

  it('accepts the previous secret while AWSCURRENT is younger than the grace', async () => {
    const secrets = new FakeSecrets({
      AWSCURRENT: { value: current, createdAtMs: NOW_MS - 23 * HOUR_MS },
      AWSPREVIOUS: previous,
    });

    const response = await handlerWith('stripe', secrets)(signedBy('stripe', previous));

    expect(response.statusCode).toBe(200);
  });

  it('rejects it with 401 once AWSCURRENT is as old as the grace, without reading AWSPREVIOUS', async () => {
    const secrets = new FakeSecrets({
      AWSCURRENT: { value: current, createdAtMs: NOW_MS - 24 * HOUR_MS },
      AWSPREVIOUS: previous,
    });

    const response = await handlerWith('stripe', secrets)(signedBy('stripe', previous));

    expect(response.statusCode).toBe(401);
    expect(secrets.calls).not.toContain('AWSPREVIOUS');
  });

  it('honours a configured grace (1 h)', async () => {
    const secrets = new FakeSecrets({
      AWSCURRENT: { value: current, createdAtMs: NOW_MS - 2 * HOUR_MS },
      AWSPREVIOUS: previous,
    });

    const response = await handlerWith('stripe', secrets, { graceSeconds: 3600 })(signedBy('stripe', previous));

    expect(response.statusCode).toBe(401);
  });

  it('accepts no previous secret at all with a grace of 0', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: { value: current, createdAtMs: NOW_MS - 1 }, AWSPREVIOUS: previous });

    const response = await handlerWith('stripe', secrets, { graceSeconds: 0 })(signedBy('stripe', previous));

    expect(response.statusCode).toBe(401);
  });

  it('treats an AWSCURRENT without a creation time as outside the grace (fail closed)', async () => {
    const secrets = new FakeSecrets({ AWSCURRENT: { value: current, createdAtMs: undefined }, AWSPREVIOUS: previous });

    const response = await handlerWith('stripe', secrets)(signedBy('stripe', previous));

    expect(response.statusCode).toBe(401);
  });
});

describe('AWSPENDING while a rotation is in flight', () => {
  const current = secretFor('github', 'current');
  const pending = secretFor('github', 'pending');

  it('accepts a request signed with the pending value (the sender was already told the new secret)', async () => {
    const secrets = new FakeSecrets({
      AWSCURRENT: current,
      AWSPENDING: { value: pending, createdAtMs: NOW_MS - 60_000 },
    });

    const response = await handlerWith('github', secrets)(signedBy('github', pending));

    expect(response.statusCode).toBe(200);
  });

  it('does not accept a pending version older than the grace (a rotation that failed long ago)', async () => {
    const secrets = new FakeSecrets({
      AWSCURRENT: current,
      AWSPENDING: { value: pending, createdAtMs: NOW_MS - 25 * HOUR_MS },
    });

    const response = await handlerWith('github', secrets)(signedBy('github', pending));

    expect(response.statusCode).toBe(401);
  });

  it('logs which stage verified the request', async () => {
    const logs = capturingLogger();
    try {
      const secrets = new FakeSecrets({ AWSCURRENT: current, AWSPENDING: pending });
      await handlerWith('github', secrets, { logger: logs.logger })(signedBy('github', pending));

      expect(JSON.parse(logs.lines().at(-1) ?? '{}')).toMatchObject({ outcome: 'accepted', stage: 'AWSPENDING' });
    } finally {
      logs.restore();
    }
  });
});

/** Secrets Manager in a table keyed by stage, counting calls; an entry may be an Error to throw. */
function secretsManager(table: Record<string, string | Error | undefined>, createdAtMs = NOW_MS - HOUR_MS) {
  const calls: string[] = [];
  const client: SecretsManagerReader = {
    async getSecretValue(input) {
      const stage = input.VersionStage;
      calls.push(stage);
      const answer = table[stage];
      if (answer === undefined) throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
      if (answer instanceof Error) throw answer;
      return {
        SecretString: answer,
        VersionId: `v-${answer}`,
        CreatedDate: new Date(createdAtMs),
      };
    },
  };
  return { client, calls };
}

describe('Secrets Manager calls with the real cache', () => {
  const current = secretFor('github', 'current');
  const pending = secretFor('github', 'pending');
  const forged = secretFor('github', 'forged');

  it('a rotation that tells the sender: the first request signed with the new value after it appears is accepted', async () => {
    // Arrange: a forged request caches "no AWSPENDING"; then the rotator stores the pending value and, after
    // PENDING_REFRESH_SECONDS, tells GitHub.
    const table: Record<string, string | undefined> = { AWSCURRENT: current };
    const { client } = secretsManager(table);
    const clock = clockAt(NOW_MS);
    const handler = handlerWith('github', new SecretCache({ client, ttlSeconds: 300, clock }), { clock });
    expect((await handler(signedBy('github', forged, clock.now()))).statusCode).toBe(401);
    table.AWSPENDING = pending;

    // Act
    clock.advance(PENDING_REFRESH_SECONDS * 1000);
    const response = await handler(signedBy('github', pending, clock.now()));

    // Assert
    expect(response.statusCode).toBe(200);
  });

  it('forged requests read AWSPENDING at most once per PENDING_REFRESH_SECONDS', async () => {
    const { client, calls } = secretsManager({ AWSCURRENT: current });
    const clock = clockAt(NOW_MS);
    const handler = handlerWith('github', new SecretCache({ client, ttlSeconds: 300, clock }), { clock });

    for (let request = 0; request < 100; request += 1) {
      expect((await handler(signedBy('github', forged, clock.now()))).statusCode).toBe(401);
      clock.advance(200); // 100 requests over 20 s
    }

    expect(calls.filter((stage) => stage === 'AWSCURRENT')).toHaveLength(1);
    expect(calls.filter((stage) => stage === 'AWSPREVIOUS')).toHaveLength(1);
    expect(calls.filter((stage) => stage === 'AWSPENDING').length).toBeLessThanOrEqual(
      Math.ceil(20 / PENDING_REFRESH_SECONDS),
    );
  });

  it('an outage: 50 requests cost at most 5 Secrets Manager calls, all answered 503', async () => {
    const down = Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError' });
    const { client, calls } = secretsManager({ AWSCURRENT: down });
    const clock = clockAt(NOW_MS);
    const handler = handlerWith('github', new SecretCache({ client, ttlSeconds: 300, clock }), { clock });

    const statuses: number[] = [];
    for (let request = 0; request < 50; request += 1) {
      statuses.push((await handler(signedBy('github', current, clock.now()))).statusCode);
      clock.advance(400);
    }

    expect(statuses.every((status) => status === 503)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(5);
  });

  it('a failing refresh after the window keeps accepting with the last good value and warns once per window', async () => {
    // Arrange
    const table: Record<string, string | Error> = { AWSCURRENT: current };
    const { client, calls } = secretsManager(table);
    const clock = clockAt(NOW_MS);
    const logs = capturingLogger();
    try {
      const handler = createHandlerWithStaleLog(client, clock, logs.logger);
      await handler(signedBy('github', current, clock.now()));
      table.AWSCURRENT = Object.assign(new Error('Service Unavailable'), { name: 'InternalServiceError' });

      // Act: two more windows of traffic.
      const statuses: number[] = [];
      for (let request = 0; request < 60; request += 1) {
        clock.advance(10_000);
        statuses.push((await handler(signedBy('github', current, clock.now()))).statusCode);
      }

      // Assert
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(calls).toEqual(['AWSCURRENT', 'AWSCURRENT', 'AWSCURRENT']);
      const warnings = logs
        .lines()
        .map((line) => JSON.parse(line))
        .filter((line) => line.reason === 'secret_refresh_failed');
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatchObject({ level: 'WARN', stage: 'AWSCURRENT', errorName: 'SecretUnavailableError' });
    } finally {
      logs.restore();
    }
  });
});

function createHandlerWithStaleLog(client: SecretsManagerReader, clock: { now(): number }, logger: AppLogger) {
  const config = webhookConfig('github');
  return createHandler({ config, secrets: signingSecretCache(client, config, clock, logger), clock, logger });
}

describe('one table maps error classes to status and reason', () => {
  it('gives every class exactly one entry, and each 401 the same fixed body', () => {
    const classes = ERROR_RESPONSES.map(([type]) => type);
    const unauthorized = ERROR_RESPONSES.filter(([, response]) => response.status === 401).map(([, r]) => r.body);

    expect(new Set(classes).size).toBe(classes.length);
    expect(new Set(unauthorized.map((b) => JSON.stringify(b))).size).toBe(1);
  });

  it('answers anything not in the table with 500 and a reason that says so', () => {
    expect(errorResponse(new TypeError('bug'))).toBe(UNEXPECTED_ERROR);
    expect(errorResponse('not even an error')).toMatchObject({ status: 500, reason: 'unexpected_error' });
  });
});
