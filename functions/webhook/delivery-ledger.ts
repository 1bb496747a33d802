import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The DynamoDB package, required on first use (not at init; see handler.ts productionDelivery). */
function dynamodb(): typeof import('@aws-sdk/client-dynamodb') {
  return require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
}

/**
 * The record of delivery ids the webhook has seen, so a replay or a sender's retry of a delivery that is
 * already queued is answered 200 and enqueues nothing. A record is first `pending`, held by one request for
 * a short lease while it sends the message, then `queued`. A request that crashed between the two leaves a
 * pending record whose lease runs out, after which the sender's retry takes it over: the id never stays
 * recorded as done unless the message is in the queue.
 */
export interface DeliveryLedger {
  /** Records `key` as pending for this request, unless it is queued already or another request holds it. */
  claim(key: string, nowMs: number): Promise<ClaimOutcome>;
  /** Marks a claimed record as queued (after the message was sent). */
  markQueued(claim: Claim): Promise<void>;
  /** Deletes a claimed record, so the sender's retry gets through (after the send failed). */
  release(claim: Claim): Promise<void>;
}

/** A pending record this request holds. */
export interface Claim {
  readonly key: string;
  /** Random per request: markQueued and release touch the record only while this request still holds it. */
  readonly token: string;
}

export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly claim: Claim }
  /** The message of this id is in the queue already. */
  | { readonly kind: 'queued-before' }
  /** Another request holds an unexpired lease on the id. */
  | { readonly kind: 'in-progress' }
  /** The table could not be reached or refused the call (not a condition failure). */
  | { readonly kind: 'unavailable'; readonly error: unknown };

/**
 * How long a pending record belongs to the request that wrote it. Longer than a request can hold it (two
 * attempts of at most 4 s each to send, see REQUEST_PATH_CLIENT_OPTIONS), short enough that a sender's retry
 * after a crash (Stripe's first comes after about a minute) takes it over.
 */
export const CLAIM_LEASE_MS = 30_000;

/** The table key of a delivery id: a prefix keeps it apart from the consumer's idempotency records. */
export function deliveryKey(scheme: string, deliveryId: string): string {
  return `delivery#${scheme}#${deliveryId}`;
}

/** DynamoDB's answer when a condition does not hold; any other error means the table was not usable. */
const CONDITION_FAILED = 'ConditionalCheckFailedException';

/**
 * The ledger in the shared deliveries table: hash key `id`, TTL attribute `expiration` (epoch seconds). The
 * client is created on first use (see lazy.ts): it is only needed after a request verified.
 */
export class DynamoDbDeliveryLedger implements DeliveryLedger {
  constructor(
    private readonly options: {
      readonly client: () => Pick<DynamoDBClient, 'send'>;
      readonly tableName: string;
      /** How long a record is kept (the replay window); DynamoDB's TTL deletes it after. */
      readonly dedupeSeconds: number;
      readonly newToken?: () => string;
    },
  ) {}

  async claim(key: string, nowMs: number): Promise<ClaimOutcome> {
    const token = (this.options.newToken ?? randomUUID)();
    const nowSeconds = Math.floor(nowMs / 1000);
    try {
      const { PutItemCommand } = dynamodb();
      const client = this.options.client();
      await client.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: {
            id: { S: key },
            state: { S: 'pending' },
            claim: { S: token },
            leaseExpiresAt: { N: String(nowMs + CLAIM_LEASE_MS) },
            expiration: { N: String(nowSeconds + this.options.dedupeSeconds) },
          },
          // New; or expired but not yet swept (TTL deletes within days, not at once); or a pending record whose
          // lease ran out (its request crashed or timed out before it could queue or release).
          ConditionExpression:
            'attribute_not_exists(id) OR #expiration < :nowSeconds OR (#state = :pending AND #lease < :nowMs)',
          ExpressionAttributeNames: { '#state': 'state', '#expiration': 'expiration', '#lease': 'leaseExpiresAt' },
          ExpressionAttributeValues: {
            ':pending': { S: 'pending' },
            ':nowSeconds': { N: String(nowSeconds) },
            ':nowMs': { N: String(nowMs) },
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'claimed', claim: { key, token } };
    } catch (error) {
      if (errorName(error) !== CONDITION_FAILED) {
        return { kind: 'unavailable', error };
      }
      const state = (error as { Item?: Record<string, { S?: string }> }).Item?.state?.S;
      return state === 'pending' ? { kind: 'in-progress' } : { kind: 'queued-before' };
    }
  }

  async markQueued(claim: Claim): Promise<void> {
    const { UpdateItemCommand } = dynamodb();
    const client = this.options.client();
    await client.send(
      new UpdateItemCommand({
        TableName: this.options.tableName,
        Key: { id: { S: claim.key } },
        UpdateExpression: 'SET #state = :queued REMOVE #lease',
        ConditionExpression: '#claim = :token',
        ExpressionAttributeNames: { '#state': 'state', '#lease': 'leaseExpiresAt', '#claim': 'claim' },
        ExpressionAttributeValues: { ':queued': { S: 'queued' }, ':token': { S: claim.token } },
      }),
    );
  }

  async release(claim: Claim): Promise<void> {
    const { DeleteItemCommand } = dynamodb();
    const client = this.options.client();
    try {
      await client.send(
        new DeleteItemCommand({
          TableName: this.options.tableName,
          Key: { id: { S: claim.key } },
          ConditionExpression: '#claim = :token',
          ExpressionAttributeNames: { '#claim': 'claim' },
          ExpressionAttributeValues: { ':token': { S: claim.token } },
        }),
      );
    } catch (error) {
      // Another request took the record over after our lease ran out: it is theirs now, not ours to delete.
      if (errorName(error) !== CONDITION_FAILED) {
        throw error;
      }
    }
  }
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
