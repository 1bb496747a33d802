import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CLAIM_LEASE_MS, DynamoDbDeliveryLedger, deliveryKey } from '../../../functions/webhook/delivery-ledger';

const NOW_MS = 1_760_000_000_000;

class FakeDynamoDb {
  readonly commands: Array<{ name: string; input: Record<string, unknown> }> = [];
  constructor(private readonly answer: (name: string) => unknown = () => ({})) {}

  readonly send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const name = command.constructor.name;
    this.commands.push({ name, input: command.input });
    const result = this.answer(name);
    if (result instanceof Error) throw result;
    return result;
  };
}

function conditionFailed(item?: Record<string, unknown>): Error {
  const error = new Error('The conditional request failed') as Error & { Item?: unknown };
  error.name = 'ConditionalCheckFailedException';
  error.Item = item;
  return error;
}

function ledgerOver(fake: FakeDynamoDb): DynamoDbDeliveryLedger {
  return new DynamoDbDeliveryLedger({
    client: () => fake as unknown as Pick<DynamoDBClient, 'send'>,
    tableName: 'deliveries',
    dedupeSeconds: 2_592_000,
    newToken: () => 'token-1',
  });
}

describe('DynamoDB delivery ledger', () => {
  it('keys records on delivery#<scheme>#<id>, apart from the consumer idempotency records', () => {
    expect(deliveryKey('github', 'abc')).toBe('delivery#github#abc');
  });

  it('writes a pending record with a lease and the replay window as TTL, only if no live record holds the id', async () => {
    const fake = new FakeDynamoDb();

    const outcome = await ledgerOver(fake).claim('delivery#github#abc', NOW_MS);

    expect(outcome).toEqual({ kind: 'claimed', claim: { key: 'delivery#github#abc', token: 'token-1' } });
    const put = fake.commands[0];
    expect(put?.name).toBe('PutItemCommand');
    expect(put?.input.Item).toEqual({
      id: { S: 'delivery#github#abc' },
      state: { S: 'pending' },
      claim: { S: 'token-1' },
      leaseExpiresAt: { N: String(NOW_MS + CLAIM_LEASE_MS) },
      expiration: { N: String(NOW_MS / 1000 + 2_592_000) },
    });
    expect(put?.input.ConditionExpression).toContain('attribute_not_exists(id)');
    expect(put?.input.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it.each([
    ['queued', { kind: 'queued-before' }],
    ['pending', { kind: 'in-progress' }],
  ])('tells a %s record apart when the condition fails', async (state, expected) => {
    const fake = new FakeDynamoDb(() => conditionFailed({ state: { S: state } }));

    expect(await ledgerOver(fake).claim('k', NOW_MS)).toEqual(expected);
  });

  it('reports any other error as the table being unavailable', async () => {
    const error = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    const fake = new FakeDynamoDb(() => error);

    expect(await ledgerOver(fake).claim('k', NOW_MS)).toEqual({ kind: 'unavailable', error });
  });

  it('marks queued and releases only while this request holds the claim', async () => {
    const fake = new FakeDynamoDb();
    const ledger = ledgerOver(fake);

    await ledger.markQueued({ key: 'k', token: 'token-1' });
    await ledger.release({ key: 'k', token: 'token-1' });

    expect(fake.commands.map((c) => c.name)).toEqual(['UpdateItemCommand', 'DeleteItemCommand']);
    for (const command of fake.commands) {
      expect(command.input.ConditionExpression).toBe('#claim = :token');
      expect(command.input.ExpressionAttributeValues).toMatchObject({ ':token': { S: 'token-1' } });
    }
  });

  it('leaves a record another request took over alone on release, but reports a failing table', async () => {
    await expect(ledgerOver(new FakeDynamoDb(() => conditionFailed())).release({ key: 'k', token: 't' })).resolves.toBe(
      undefined,
    );
    const down = Object.assign(new Error('down'), { name: 'InternalServerError' });
    await expect(ledgerOver(new FakeDynamoDb(() => down)).release({ key: 'k', token: 't' })).rejects.toBe(down);
  });
});
