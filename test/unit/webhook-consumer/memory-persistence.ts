import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, type IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';

/**
 * Powertools idempotency records in memory, with the conditions DynamoDBPersistenceLayer writes (a record may be
 * replaced once expired, or while in progress past its in-progress expiry). The consumer's integration test runs
 * the real DynamoDB layer against moto.
 */
export class MemoryPersistenceLayer extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (record === undefined) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    const now = Date.now();
    const replaceable =
      existing === undefined ||
      (existing.expiryTimestamp !== undefined && existing.expiryTimestamp < now / 1000) ||
      (existing.getStatus() === 'INPROGRESS' &&
        existing.inProgressExpiryTimestamp !== undefined &&
        existing.inProgressExpiryTimestamp < now);
    if (!replaceable) {
      throw new IdempotencyItemAlreadyExistsError(`record ${record.idempotencyKey} exists`, existing);
    }
    this.records.set(record.idempotencyKey, record);
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, record);
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}
