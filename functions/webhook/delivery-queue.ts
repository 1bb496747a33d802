import type { SQSClient } from '@aws-sdk/client-sqs';

/** The SQS package, required on first use (not at init; see handler.ts productionDelivery). */
function sqs(): typeof import('@aws-sdk/client-sqs') {
  return require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
}

/** Where verified deliveries are sent. */
export interface DeliveryQueue {
  /** Sends one message; resolves once SQS has stored it, throws otherwise. */
  send(messageBody: string): Promise<void>;
}

/** The SQS delivery queue; the client is created on first use (see lazy.ts). */
export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly options: {
      readonly client: () => Pick<SQSClient, 'send'>;
      readonly queueUrl: string;
    },
  ) {}

  async send(messageBody: string): Promise<void> {
    const { SendMessageCommand } = sqs();
    await this.options
      .client()
      .send(new SendMessageCommand({ QueueUrl: this.options.queueUrl, MessageBody: messageBody }));
  }
}
