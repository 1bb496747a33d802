import type { Claim, ClaimOutcome, DeliveryLedger } from '../../../functions/webhook/delivery-ledger';
import { CLAIM_LEASE_MS } from '../../../functions/webhook/delivery-ledger';
import type { DeliveryQueue } from '../../../functions/webhook/delivery-queue';

interface Entry {
  state: 'pending' | 'queued';
  token: string;
  leaseExpiresAt: number;
}

/** The ledger's state machine in memory (the DynamoDB conditions are exercised against moto). */
export class MemoryLedger implements DeliveryLedger {
  readonly records = new Map<string, Entry>();
  /** Set to make every call fail as an unreachable table would. */
  down: Error | undefined;
  failMarkQueued: Error | undefined;
  failRelease: Error | undefined;
  claims = 0;
  private tokens = 0;

  async claim(key: string, nowMs: number): Promise<ClaimOutcome> {
    this.claims += 1;
    if (this.down) return { kind: 'unavailable', error: this.down };
    const existing = this.records.get(key);
    if (existing !== undefined && !(existing.state === 'pending' && existing.leaseExpiresAt < nowMs)) {
      return existing.state === 'queued' ? { kind: 'queued-before' } : { kind: 'in-progress' };
    }
    this.tokens += 1;
    const token = `token-${this.tokens}`;
    this.records.set(key, { state: 'pending', token, leaseExpiresAt: nowMs + CLAIM_LEASE_MS });
    return { kind: 'claimed', claim: { key, token } };
  }

  async markQueued(claim: Claim): Promise<void> {
    if (this.down ?? this.failMarkQueued) throw this.down ?? this.failMarkQueued;
    const entry = this.records.get(claim.key);
    if (entry?.token === claim.token) entry.state = 'queued';
  }

  async release(claim: Claim): Promise<void> {
    if (this.down ?? this.failRelease) throw this.down ?? this.failRelease;
    if (this.records.get(claim.key)?.token === claim.token) this.records.delete(claim.key);
  }
}

/** A queue that keeps what it was sent, or fails while `down` is set. */
export class MemoryQueue implements DeliveryQueue {
  readonly messages: string[] = [];
  down: Error | undefined;

  async send(messageBody: string): Promise<void> {
    if (this.down) throw this.down;
    this.messages.push(messageBody);
  }
}
