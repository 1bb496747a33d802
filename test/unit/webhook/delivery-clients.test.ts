import type { SQSClient } from '@aws-sdk/client-sqs';
import { SqsDeliveryQueue } from '../../../functions/webhook/delivery-queue';
import { productionDelivery } from '../../../functions/webhook/handler';

describe('SQS delivery queue', () => {
  it('sends the message body to the configured queue', async () => {
    const sent: Array<{ name: string; input: unknown }> = [];
    const client = {
      send: async (command: { constructor: { name: string }; input: unknown }) => {
        sent.push({ name: command.constructor.name, input: command.input });
        return {};
      },
    } as unknown as Pick<SQSClient, 'send'>;
    const queue = new SqsDeliveryQueue({ client: () => client, queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q' });

    await queue.send('{"deliveryId":"d"}');

    expect(sent).toEqual([
      {
        name: 'SendMessageCommand',
        input: { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q', MessageBody: '{"deliveryId":"d"}' },
      },
    ]);
  });
});

describe('production delivery clients', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    // A closed loopback port through the standard endpoint variables: nothing leaves the machine.
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
    });
  });
  afterAll(() => {
    process.env = saved;
  });

  it('creates the clients on first use and honours AWS_ENDPOINT_URL_*: unreachable table and queue', async () => {
    const delivery = productionDelivery({
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q',
      tableName: 'deliveries',
      dedupeSeconds: 60,
    });

    const claim = await delivery.ledger.claim('delivery#github#d', Date.now());
    const send = delivery.queue.send('{}');

    expect(claim.kind).toBe('unavailable');
    // Refused by the closed port named in AWS_ENDPOINT_URL_SQS, not sent to the queue URL's host.
    await expect(send).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
